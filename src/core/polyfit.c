/* polyfit.c — being written. */
