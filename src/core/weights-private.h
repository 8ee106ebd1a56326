/* weights-private.h — shared by weights.c and run-store.c. */
#pragma once

#include "neurona/weights.h"

G_BEGIN_DECLS

/* Checks a safetensors file as nr_weights_load does, but for its values (NaN…): its
 * header against spec and its size against the header, reading only the header. For
 * listing runs without reading every network. */
gboolean _nr_weights_check_file (const char *path, const NrModelSpec *spec, GError **error);

G_END_DECLS
