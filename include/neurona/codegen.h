/* codegen.h — the Python the tutorial would write for a training config.
 *
 * nr_codegen() turns the settings Neurona trains with into a complete script for Keras
 * (in the tutorial's own style: tf.keras.Sequential, compile, fit, evaluate) or PyTorch
 * (nn.Sequential and a plain training loop). Both read the IDX files with NumPy from the
 * folder given as their first argument, train with the same layers, activations, dropout,
 * optimizer and its parameters, batch size, epochs, pixel scaling, seed and image limits,
 * and end by printing "Test accuracy: X". They cannot reproduce Neurona's run bit for bit
 * (each framework has its own random numbers), but reach the same accuracy within a point
 * or two.
 *
 * The text is a pure function of its arguments: the same settings give the same script,
 * byte for byte, so a view can regenerate it on every change.
 */
#pragma once

#include <glib.h>

#include "neurona/dataset.h"
#include "neurona/trainer.h"

G_BEGIN_DECLS

typedef enum {
  NR_CODEGEN_KERAS,
  NR_CODEGEN_PYTORCH,
  NR_N_CODEGEN_FRAMEWORKS
} NrCodegenFramework;

/* "keras", "pytorch" */
const char *nr_codegen_framework_name (NrCodegenFramework framework);
/* "Keras", "PyTorch" (for people; untranslated) */
const char *nr_codegen_framework_title (NrCodegenFramework framework);
/* Accepts "keras", "pytorch" and "torch" (case-insensitive). */
gboolean nr_codegen_framework_from_name (const char *name, NrCodegenFramework *out_framework);

/* The script (UTF-8, newly allocated) that trains config on dataset in framework.
 * config->n_threads does not show: Neurona's results do not depend on it. Refuses what
 * nr_train_config_check() refuses for the dataset's classes (NR_ERROR_INVALID,
 * NR_ERROR_LABEL_RANGE), and an input size other than the images' 28 × 28. */
char *nr_codegen (NrCodegenFramework framework, NrDatasetId dataset,
                  const NrTrainConfig *config, GError **error);

/* A file name to save the script as: "neurona_fashion_keras.py",
 * "neurona_mnist_pytorch.py" (never "torch.py" or "tensorflow.py", which would shadow
 * the module the script imports). Newly allocated. */
char *nr_codegen_file_name (NrCodegenFramework framework, NrDatasetId dataset);

G_END_DECLS
