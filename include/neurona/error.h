/* error.h — the core's error domain.
 *
 * Every fallible core call takes `GError **error` last; the core never prints or exits.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define NR_ERROR (nr_error_quark ())

typedef enum {
  NR_ERROR_IO = 1,       /* a file could not be opened, read or written (disk full…) */
  NR_ERROR_NOT_FOUND,    /* no dataset files where they were looked for */
  NR_ERROR_FORMAT,       /* a dataset or saved file is malformed, truncated or corrupt */
  NR_ERROR_INVALID,      /* an impossible setting (0 units, dropout 1.5, batch 0…) */
  NR_ERROR_LABEL_RANGE,  /* a label does not fit the output layer */
} NrError;

GQuark nr_error_quark (void);

G_END_DECLS
