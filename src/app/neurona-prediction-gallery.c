/* neurona-prediction-gallery.c — being written. */
