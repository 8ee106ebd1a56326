/* trainer.c — being written. */
