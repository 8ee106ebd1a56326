/* neurona-dataset-browser.c — being written. */
