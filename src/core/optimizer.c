/* optimizer.c — being written. */
