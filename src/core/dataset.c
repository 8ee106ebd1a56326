/* dataset.c — being written. */
