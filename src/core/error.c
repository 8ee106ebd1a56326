/* error.c — the core's error domain. */
#include "neurona/error.h"

G_DEFINE_QUARK (neurona-error-quark, nr_error)
