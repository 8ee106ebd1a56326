/* kernels-x86.c — being written. */
