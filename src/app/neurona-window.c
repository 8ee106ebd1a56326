/* neurona-window.c — being written. */
