/* layers.c — being written. */
