/* neurona-train-page.c — being written. */
