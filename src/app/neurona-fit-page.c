/* neurona-fit-page.c — being written. */
