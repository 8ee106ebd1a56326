/* neurona-model-panel.c — being written. */
