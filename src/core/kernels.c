/* kernels.c — being written. */
