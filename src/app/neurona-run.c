/* neurona-run.c — being written. */
