/* neurona-plot.c — being written. */
