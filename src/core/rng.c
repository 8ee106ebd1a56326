/* rng.c — being written. */
