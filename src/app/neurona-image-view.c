/* neurona-image-view.c — being written. */
