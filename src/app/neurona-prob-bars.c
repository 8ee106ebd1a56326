/* neurona-prob-bars.c — being written. */
