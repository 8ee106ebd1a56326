/* colormap.c — being written. */
