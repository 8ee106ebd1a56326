/* idx.c — being written. */
