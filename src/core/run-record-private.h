/* run-record-private.h — shared by run-record.c, run-record-legacy.c and run-store.c. */
#pragma once

#include "neurona/run-record.h"

G_BEGIN_DECLS

/* A record with nothing set but an empty history and name, note "" and NAN losses. */
NrRunRecord *_nr_run_record_alloc (void);
/* Reads a Neurona 0.1 ".run" file: id (its name without .run) and legacy_path are set. */
NrRunRecord *_nr_run_record_load_legacy (const char *path, GError **error);

G_END_DECLS
