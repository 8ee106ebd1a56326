/* codegen.c — Keras and PyTorch scripts for a training config (codegen.h).
 *
 * The Keras script follows the tutorial line for line where it can (its variable names,
 * tf.keras.Sequential, compile, fit, evaluate, the final print); what the tutorial takes
 * from keras.datasets is read here from the IDX files with NumPy, so both scripts train on
 * the very images Neurona does. The PyTorch script is the same model written out as a
 * plain loop, with Keras' defaults where PyTorch's differ (initialisation, Adam's epsilon,
 * RMSprop's rho, LeakyReLU's slope).
 *
 * Every mapping from a Neurona setting to a line of Python is in one function below, so a
 * new activation or optimizer fails to compile (-Wswitch) until it has its line.
 */
#include "neurona/codegen.h"

#include <string.h>

#include "neurona/error.h"

#include "i18n.h"
/* _nr_format_shortest, _nr_json_float: the shortest decimals run.json writes. */
#include "json-util.h"

#define IMAGE_SIZE 28

const char *
nr_codegen_framework_name (NrCodegenFramework framework)
{
  switch (framework)
    {
    case NR_CODEGEN_KERAS:
      return "keras";
    case NR_CODEGEN_PYTORCH:
      return "pytorch";
    case NR_N_CODEGEN_FRAMEWORKS:
    default:
      g_return_val_if_reached (NULL);
    }
}

const char *
nr_codegen_framework_title (NrCodegenFramework framework)
{
  switch (framework)
    {
    case NR_CODEGEN_KERAS:
      return "Keras";
    case NR_CODEGEN_PYTORCH:
      return "PyTorch";
    case NR_N_CODEGEN_FRAMEWORKS:
    default:
      g_return_val_if_reached (NULL);
    }
}

gboolean
nr_codegen_framework_from_name (const char *name, NrCodegenFramework *out_framework)
{
  g_return_val_if_fail (name != NULL, FALSE);
  g_return_val_if_fail (out_framework != NULL, FALSE);

  if (g_ascii_strcasecmp (name, "keras") == 0)
    *out_framework = NR_CODEGEN_KERAS;
  else if (g_ascii_strcasecmp (name, "pytorch") == 0 || g_ascii_strcasecmp (name, "torch") == 0)
    *out_framework = NR_CODEGEN_PYTORCH;
  else
    return FALSE;
  return TRUE;
}

char *
nr_codegen_file_name (NrCodegenFramework framework, NrDatasetId dataset)
{
  g_return_val_if_fail ((guint) framework < NR_N_CODEGEN_FRAMEWORKS, NULL);
  g_return_val_if_fail ((guint) dataset < NR_N_DATASETS, NULL);

  return g_strdup_printf ("neurona_%s_%s.py", nr_dataset_info (dataset)->name,
                          nr_codegen_framework_name (framework));
}

/* ---- Python literals ------------------------------------------------------------------ */

/* A setting kept as a float, as Python writes the decimal it was typed as: 0.001, 1e-07,
 * 1.0 (never 0.0010000000474974513, nor 1, which reads as an integer). */
static const char *
py_float (char buf[G_ASCII_DTOSTR_BUF_SIZE], float value)
{
  _nr_format_shortest (buf, _nr_json_float (value));
  if (strpbrk (buf, ".e") == NULL)
    g_strlcat (buf, ".0", G_ASCII_DTOSTR_BUF_SIZE);
  return buf;
}

/* ---- what both scripts share ---------------------------------------------------------- */

static void
append_docstring (GString *s, NrCodegenFramework framework, NrDatasetId dataset)
{
  const NrDatasetInfo *info = nr_dataset_info (dataset);
  g_autofree char *file_name = nr_codegen_file_name (framework, dataset);

  g_string_append_printf (s,
                          "#!/usr/bin/env python3\n"
                          "\"\"\"%s in %s, as Neurona trains it (a script Neurona wrote).\n"
                          "\n"
                          "Usage: python3 %s DATA_FOLDER\n"
                          "\n"
                          "DATA_FOLDER holds the four IDX files of %s, gzipped or not\n"
                          "(train-images-idx3-ubyte, train-labels-idx1-ubyte, "
                          "t10k-images-idx3-ubyte,\n"
                          "t10k-labels-idx1-ubyte), or a sub-folder %s/ that does: Neurona's\n"
                          "data/subset/%s, for instance",
                          info->title, nr_codegen_framework_title (framework), file_name,
                          info->title, info->name, info->name);
  if (dataset == NR_DATASET_FASHION_MNIST)
    g_string_append (s, ", or Debian's /usr/share/datasets/fashion-mnist");
  g_string_append (s, ".\n\n");
  if (framework == NR_CODEGEN_KERAS)
    g_string_append (s, "Needs TensorFlow 2.7 or later and NumPy (pip install tensorflow).\n");
  else
    g_string_append (s, "Needs PyTorch 1.12 or later and NumPy (on Debian: apt install "
                        "python3-torch).\n");
  g_string_append (s, "\"\"\"\n");
}

/* load_idx, find and load_data: keras.datasets' load_data(), from the IDX files. */
static void
append_loader (GString *s, NrDatasetId dataset)
{
  g_string_append (s,
                   "\n"
                   "\n"
                   "def load_idx(path):\n"
                   "    \"\"\"An IDX file of bytes as a NumPy array; gzipped or not, as its first "
                   "bytes tell.\"\"\"\n"
                   "    with open(path, 'rb') as f:\n"
                   "        data = f.read()\n"
                   "    if data[:2] == b'\\x1f\\x8b':\n"
                   "        data = gzip.decompress(data)\n"
                   "    if len(data) < 4 or data[:3] != b'\\x00\\x00\\x08':\n"
                   "        sys.exit(f'{path}: not an IDX file of unsigned bytes')\n"
                   "    ndim = data[3]\n"
                   "    shape = tuple(int(d) for d in np.frombuffer(data, dtype='>u4', "
                   "count=ndim, offset=4))\n"
                   "    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * ndim)"
                   ".reshape(shape)\n"
                   "\n"
                   "\n"
                   "def find(folder, stem):\n"
                   "    \"\"\"stem or stem.gz in folder, or in the sub-folder named after the "
                   "data set.\"\"\"\n");
  /* The folders Neurona's own lookup tries (nr_dataset_load), in its order. */
  if (dataset == NR_DATASET_FASHION_MNIST)
    g_string_append (s, "    for sub in ('fashion', 'fashion-mnist', ''):\n");
  else
    g_string_append_printf (s, "    for sub in ('%s', ''):\n", nr_dataset_info (dataset)->name);
  g_string_append (s,
                   "        for name in (stem, stem + '.gz'):\n"
                   "            path = os.path.join(folder, sub, name)\n"
                   "            if os.path.isfile(path):\n"
                   "                return path\n"
                   "    sys.exit(f'no {stem}[.gz] in {folder}')\n"
                   "\n"
                   "\n"
                   "def load_data(folder):\n"
                   "    \"\"\"(train_images, train_labels), (test_images, test_labels), as\n"
                   "    keras.datasets gives them: images (n, 28, 28) and labels (n) of "
                   "uint8.\"\"\"\n"
                   "    return ((load_idx(find(folder, 'train-images-idx3-ubyte')),\n"
                   "             load_idx(find(folder, 'train-labels-idx1-ubyte'))),\n"
                   "            (load_idx(find(folder, 't10k-images-idx3-ubyte')),\n"
                   "             load_idx(find(folder, 't10k-labels-idx1-ubyte'))))\n"
                   "\n"
                   "\n"
                   "if len(sys.argv) != 2:\n"
                   "    sys.exit(f'usage: {sys.argv[0]} DATA_FOLDER')\n"
                   "\n"
                   "(train_images, train_labels), (test_images, test_labels) = "
                   "load_data(sys.argv[1])\n");
}

static void
append_limits (GString *s, const NrTrainConfig *config)
{
  if (config->train_limit > 0)
    g_string_append_printf (s,
                            "\n"
                            "# Only the first %u training images, as Neurona's train limit.\n"
                            "train_images = train_images[:%u]\n"
                            "train_labels = train_labels[:%u]\n",
                            config->train_limit, config->train_limit, config->train_limit);
  if (config->test_limit > 0)
    g_string_append_printf (s,
                            "\n"
                            "# Only the first %u test images, as Neurona's test limit.\n"
                            "test_images = test_images[:%u]\n"
                            "test_labels = test_labels[:%u]\n",
                            config->test_limit, config->test_limit, config->test_limit);
}

/* "  # 15 outputs for 10 classes: …" after the output layer, or "". */
static char *
extra_outputs_comment (const NrModelSpec *spec, guint n_classes)
{
  if (spec->outputs <= n_classes)
    return g_strdup ("");
  return g_strdup_printf ("  # %u outputs for %u classes: the other %u never match a label",
                          spec->outputs, n_classes, spec->outputs - n_classes);
}

/* ---- Keras ----------------------------------------------------------------------------- */

static gboolean
uses_activation (const NrModelSpec *spec, NrActivation act)
{
  for (guint l = 0; l < spec->n_hidden; l++)
    if (spec->hidden[l].activation == act)
      return TRUE;
  return FALSE;
}

/* One hidden layer of the Sequential list: its Dense, and its activation when that is a
 * layer of its own. */
static void
append_keras_dense (GString *s, const NrLayerSpec *layer)
{
  switch (layer->activation)
    {
    case NR_ACTIVATION_LINEAR:
      g_string_append_printf (s, "    tf.keras.layers.Dense(%u, activation='linear'),\n",
                              layer->units);
      break;
    case NR_ACTIVATION_RELU:
      g_string_append_printf (s, "    tf.keras.layers.Dense(%u, activation='relu'),\n",
                              layer->units);
      break;
    case NR_ACTIVATION_SIGMOID:
      g_string_append_printf (s, "    tf.keras.layers.Dense(%u, activation='sigmoid'),\n",
                              layer->units);
      break;
    case NR_ACTIVATION_TANH:
      g_string_append_printf (s, "    tf.keras.layers.Dense(%u, activation='tanh'),\n",
                              layer->units);
      break;
    case NR_ACTIVATION_LEAKY_RELU:
      /* As a layer: the 'leaky_relu' function's slope is 0.2 in Keras 3. The slope is
       * passed by position, which Keras 2 names alpha and Keras 3 negative_slope. */
      g_string_append_printf (s,
                              "    tf.keras.layers.Dense(%u),\n"
                              "    tf.keras.layers.LeakyReLU(0.3),  # slope 0.3 below 0\n",
                              layer->units);
      break;
    case NR_ACTIVATION_ELU:
      g_string_append_printf (s, "    tf.keras.layers.Dense(%u, activation='elu'),\n",
                              layer->units);
      break;
    case NR_ACTIVATION_GELU:
      g_string_append_printf (s, "    tf.keras.layers.Dense(%u, activation=gelu_tanh),\n",
                              layer->units);
      break;
    case NR_N_ACTIVATIONS:
    default:
      g_assert_not_reached ();
    }
}

static void
append_keras_optimizer (GString *s, const NrOptimizerSpec *opt)
{
  char lr[G_ASCII_DTOSTR_BUF_SIZE], a[G_ASCII_DTOSTR_BUF_SIZE], b[G_ASCII_DTOSTR_BUF_SIZE],
    eps[G_ASCII_DTOSTR_BUF_SIZE];

  switch (opt->kind)
    {
    case NR_OPTIMIZER_ADAM:
      g_string_append_printf (s,
                              "# The tutorial's optimizer='adam', its settings written out.\n"
                              "optimizer = tf.keras.optimizers.Adam(learning_rate=%s, "
                              "beta_1=%s, beta_2=%s, epsilon=%s)\n",
                              py_float (lr, opt->learning_rate), py_float (a, opt->beta1),
                              py_float (b, opt->beta2), py_float (eps, opt->epsilon));
      break;
    case NR_OPTIMIZER_SGD:
      g_string_append_printf (s,
                              "# Stochastic gradient descent (with momentum when it is above "
                              "0).\n"
                              "optimizer = tf.keras.optimizers.SGD(learning_rate=%s, "
                              "momentum=%s)\n",
                              py_float (lr, opt->learning_rate), py_float (a, opt->momentum));
      break;
    case NR_OPTIMIZER_RMSPROP:
      g_string_append_printf (s,
                              "# Keras adds epsilon inside the square root, sqrt(v + epsilon), "
                              "where Neurona\n"
                              "# adds it outside, sqrt(v) + epsilon: the steps differ only while "
                              "v is tiny.\n"
                              "optimizer = tf.keras.optimizers.RMSprop(learning_rate=%s, "
                              "rho=%s, epsilon=%s)\n",
                              py_float (lr, opt->learning_rate), py_float (a, opt->rho),
                              py_float (eps, opt->epsilon));
      break;
    case NR_N_OPTIMIZERS:
    default:
      g_assert_not_reached ();
    }
}

static void
append_keras (GString *s, NrDatasetId dataset, const NrTrainConfig *config)
{
  const NrModelSpec *spec = &config->model;
  g_autofree char *extra = extra_outputs_comment (spec, nr_dataset_info (dataset)->n_classes);
  char rate[G_ASCII_DTOSTR_BUF_SIZE];

  append_docstring (s, NR_CODEGEN_KERAS, dataset);
  g_string_append (s,
                   "\n"
                   "# TensorFlow and tf.keras\n"
                   "import tensorflow as tf\n"
                   "\n"
                   "# Helper libraries\n"
                   "import gzip\n"
                   "import os\n"
                   "import sys\n"
                   "\n"
                   "import numpy as np\n");
  append_loader (s, dataset);

  g_string_append (s, "\n"
                      "# Neurona's seed, for the weights, the shuffles and the dropout. Keras "
                      "draws its own\n"
                      "# random numbers, so the run is repeatable but not Neurona's own.\n");
  /* NumPy, which set_random_seed also seeds, takes seeds below 2³² only. */
  if (config->seed > G_MAXUINT32)
    g_string_append_printf (s,
                            "# NumPy takes seeds below 2**32 only: Neurona's %" G_GUINT64_FORMAT
                            " modulo 2**32.\n"
                            "tf.keras.utils.set_random_seed(%" G_GUINT64_FORMAT ")\n",
                            config->seed, config->seed & G_MAXUINT32);
  else
    g_string_append_printf (s, "tf.keras.utils.set_random_seed(%" G_GUINT64_FORMAT ")\n",
                            config->seed);

  append_limits (s, config);

  if (config->normalize)
    g_string_append (s, "\n"
                        "train_images = train_images / 255.0\n"
                        "test_images = test_images / 255.0\n");
  else
    g_string_append (s, "\n"
                        "# The pixels stay 0-255, not scaled to [0, 1] as in the tutorial "
                        "(/ 255.0).\n"
                        "train_images = train_images.astype('float32')\n"
                        "test_images = test_images.astype('float32')\n");

  if (uses_activation (spec, NR_ACTIVATION_GELU))
    g_string_append (s, "\n"
                        "\n"
                        "def gelu_tanh(x):\n"
                        "    \"\"\"GELU in its tanh approximation, as Neurona computes it.\"\"\"\n"
                        "    return tf.keras.activations.gelu(x, approximate=True)\n"
                        "\n");

  g_string_append (s, "\n"
                      "# Dense layers start from Glorot-uniform weights and zero biases, in "
                      "Keras as in\n"
                      "# Neurona.\n"
                      "model = tf.keras.Sequential([\n"
                      "    tf.keras.layers.Flatten(input_shape=(28, 28)),\n");
  for (guint l = 0; l < spec->n_hidden; l++)
    {
      append_keras_dense (s, &spec->hidden[l]);
      if (spec->hidden[l].dropout > 0.0f)
        g_string_append_printf (s, "    tf.keras.layers.Dropout(%s),\n",
                                py_float (rate, spec->hidden[l].dropout));
    }
  g_string_append_printf (s, "    tf.keras.layers.Dense(%u)%s\n"
                             "])\n"
                             "\n",
                          spec->outputs, extra);

  append_keras_optimizer (s, &config->optimizer);
  g_string_append_printf (s,
                          "\n"
                          "model.compile(optimizer=optimizer,\n"
                          "              loss=tf.keras.losses.SparseCategoricalCrossentropy("
                          "from_logits=True),\n"
                          "              metrics=['accuracy'])\n"
                          "\n"
                          "model.fit(train_images, train_labels, epochs=%u, batch_size=%u)\n"
                          "\n"
                          "test_loss, test_acc = model.evaluate(test_images, test_labels, "
                          "verbose=2)\n"
                          "\n"
                          "print('\\nTest accuracy:', test_acc)\n",
                          config->epochs, config->batch_size);
}

/* ---- PyTorch --------------------------------------------------------------------------- */

/* The activation module after a hidden Linear, with its line's comment. */
static void
append_torch_activation (GString *s, NrActivation act)
{
  switch (act)
    {
    case NR_ACTIVATION_LINEAR:
      break; /* nothing follows the Linear: its line says so */
    case NR_ACTIVATION_RELU:
      g_string_append (s, "    nn.ReLU(),\n");
      break;
    case NR_ACTIVATION_SIGMOID:
      g_string_append (s, "    nn.Sigmoid(),\n");
      break;
    case NR_ACTIVATION_TANH:
      g_string_append (s, "    nn.Tanh(),\n");
      break;
    case NR_ACTIVATION_LEAKY_RELU:
      g_string_append (s, "    nn.LeakyReLU(0.3),  # Keras' slope below 0 (PyTorch's default "
                          "is 0.01)\n");
      break;
    case NR_ACTIVATION_ELU:
      g_string_append (s, "    nn.ELU(alpha=1.0),\n");
      break;
    case NR_ACTIVATION_GELU:
      g_string_append (s, "    nn.GELU(approximate='tanh'),\n");
      break;
    case NR_N_ACTIVATIONS:
    default:
      g_assert_not_reached ();
    }
}

static void
append_torch_optimizer (GString *s, const NrOptimizerSpec *opt)
{
  char lr[G_ASCII_DTOSTR_BUF_SIZE], a[G_ASCII_DTOSTR_BUF_SIZE], b[G_ASCII_DTOSTR_BUF_SIZE],
    eps[G_ASCII_DTOSTR_BUF_SIZE];

  switch (opt->kind)
    {
    case NR_OPTIMIZER_ADAM:
      g_string_append_printf (s,
                              "# Keras' Adam settings (PyTorch's default eps is 1e-08). PyTorch "
                              "adds eps after\n"
                              "# correcting v for its bias, Keras and Neurona before: the steps "
                              "differ only\n"
                              "# while sqrt(v) is near eps.\n"
                              "optimizer = torch.optim.Adam(model.parameters(), lr=%s, "
                              "betas=(%s, %s), eps=%s)\n",
                              py_float (lr, opt->learning_rate), py_float (a, opt->beta1),
                              py_float (b, opt->beta2), py_float (eps, opt->epsilon));
      break;
    case NR_OPTIMIZER_SGD:
      g_string_append_printf (s,
                              "# PyTorch's momentum (v = momentum * v + g; w -= lr * v) takes "
                              "the same\n"
                              "# steps as Keras' (v = momentum * v - lr * g; w += v) at a "
                              "constant rate.\n"
                              "optimizer = torch.optim.SGD(model.parameters(), lr=%s, "
                              "momentum=%s)\n",
                              py_float (lr, opt->learning_rate), py_float (a, opt->momentum));
      break;
    case NR_OPTIMIZER_RMSPROP:
      g_string_append_printf (s,
                              "# alpha is Keras' rho (PyTorch's default is 0.99). PyTorch adds "
                              "eps outside the square\n"
                              "# root, sqrt(v) + eps, as Neurona does; Keras adds it inside, "
                              "sqrt(v + eps).\n"
                              "optimizer = torch.optim.RMSprop(model.parameters(), lr=%s, "
                              "alpha=%s, eps=%s)\n",
                              py_float (lr, opt->learning_rate), py_float (a, opt->rho),
                              py_float (eps, opt->epsilon));
      break;
    case NR_N_OPTIMIZERS:
    default:
      g_assert_not_reached ();
    }
}

static void
append_pytorch (GString *s, NrDatasetId dataset, const NrTrainConfig *config)
{
  const NrModelSpec *spec = &config->model;
  g_autofree char *extra = extra_outputs_comment (spec, nr_dataset_info (dataset)->n_classes);
  const char *scale = config->normalize ? " / 255.0" : "";
  char rate[G_ASCII_DTOSTR_BUF_SIZE];
  guint in = spec->input_size;

  append_docstring (s, NR_CODEGEN_PYTORCH, dataset);
  g_string_append (s,
                   "import gzip\n"
                   "import os\n"
                   "import sys\n"
                   "import time\n"
                   "\n"
                   "import numpy as np\n"
                   "import torch\n"
                   "from torch import nn\n");
  append_loader (s, dataset);

  g_string_append_printf (s,
                          "\n"
                          "# Neurona's seed, for the weights and the dropout (torch.manual_seed) "
                          "and the shuffles\n"
                          "# (generator). PyTorch draws its own random numbers, so the run is "
                          "repeatable but not\n"
                          "# Neurona's own.\n"
                          "torch.manual_seed(%" G_GUINT64_FORMAT ")\n"
                          "generator = torch.Generator().manual_seed(%" G_GUINT64_FORMAT ")\n",
                          config->seed, config->seed);

  append_limits (s, config);

  g_string_append (s, "\n");
  if (config->normalize)
    g_string_append (s, "# Pixels from 0-255 to [0, 1], as the tutorial scales them.\n");
  else
    g_string_append (s, "# The pixels stay 0-255, not scaled to [0, 1] as in the tutorial "
                        "(/ 255.0).\n");
  g_string_append_printf (s,
                          "train_images = torch.from_numpy(train_images.astype(np.float32)%s)\n"
                          "test_images = torch.from_numpy(test_images.astype(np.float32)%s)\n"
                          "train_labels = torch.from_numpy(train_labels.astype(np.int64))\n"
                          "test_labels = torch.from_numpy(test_labels.astype(np.int64))\n",
                          scale, scale);

  g_string_append (s, "\n"
                      "model = nn.Sequential(\n"
                      "    nn.Flatten(),\n");
  for (guint l = 0; l < spec->n_hidden; l++)
    {
      const NrLayerSpec *layer = &spec->hidden[l];

      g_string_append_printf (s, "    nn.Linear(%u, %u),%s\n", in, layer->units,
                              layer->activation == NR_ACTIVATION_LINEAR
                                ? "  # linear: no activation"
                                : "");
      append_torch_activation (s, layer->activation);
      if (layer->dropout > 0.0f)
        g_string_append_printf (s, "    nn.Dropout(%s),\n", py_float (rate, layer->dropout));
      in = layer->units;
    }
  g_string_append_printf (s,
                          "    nn.Linear(%u, %u),%s\n"
                          ")\n"
                          "\n"
                          "# Keras' initialisation, which Neurona uses too (PyTorch's own "
                          "differs): Glorot\n"
                          "# (Xavier) uniform weights, zero biases.\n"
                          "for layer in model:\n"
                          "    if isinstance(layer, nn.Linear):\n"
                          "        nn.init.xavier_uniform_(layer.weight)\n"
                          "        nn.init.zeros_(layer.bias)\n"
                          "\n",
                          in, spec->outputs, extra);

  append_torch_optimizer (s, &config->optimizer);
  g_string_append_printf (
    s,
    "# Softmax and cross-entropy on the logits: Keras' "
    "SparseCategoricalCrossentropy(from_logits=True).\n"
    "loss_fn = nn.CrossEntropyLoss()\n"
    "\n"
    "epochs = %u\n"
    "batch_size = %u\n"
    "\n"
    "\n"
    "def evaluate(images, labels):\n"
    "    \"\"\"Mean loss and accuracy over a set, batch by batch, dropout off.\"\"\"\n"
    "    model.eval()\n"
    "    loss_sum, correct = 0.0, 0\n"
    "    with torch.no_grad():\n"
    "        for start in range(0, len(images), batch_size):\n"
    "            logits = model(images[start:start + batch_size])\n"
    "            y = labels[start:start + batch_size]\n"
    "            loss_sum += loss_fn(logits, y).item() * len(y)\n"
    "            correct += (logits.argmax(1) == y).sum().item()\n"
    "    return loss_sum / len(images), correct / len(images)\n"
    "\n"
    "\n"
    "# model.fit: the training images in a new random order every epoch, in batches\n"
    "# (the last one smaller when they do not divide evenly).\n"
    "n = len(train_images)\n"
    "steps = (n + batch_size - 1) // batch_size\n"
    "for epoch in range(1, epochs + 1):\n"
    "    print(f'Epoch {epoch}/{epochs}')\n"
    "    model.train()\n"
    "    start_time = time.monotonic()\n"
    "    order = torch.randperm(n, generator=generator)\n"
    "    loss_sum, correct = 0.0, 0\n"
    "    for start in range(0, n, batch_size):\n"
    "        batch = order[start:start + batch_size]\n"
    "        images, labels = train_images[batch], train_labels[batch]\n"
    "        optimizer.zero_grad()\n"
    "        logits = model(images)\n"
    "        loss = loss_fn(logits, labels)\n"
    "        loss.backward()\n"
    "        optimizer.step()\n"
    "        loss_sum += loss.item() * len(batch)\n"
    "        correct += (logits.argmax(1) == labels).sum().item()\n"
    "    seconds = time.monotonic() - start_time\n"
    "    # As Keras: the means over the epoch's batches, each as it was trained on.\n"
    "    print(f'{steps}/{steps} - {seconds:.0f}s - loss: {loss_sum / n:.4f} - '\n"
    "          f'accuracy: {correct / n:.4f}')\n"
    "\n"
    "# model.evaluate\n"
    "test_loss, test_acc = evaluate(test_images, test_labels)\n"
    "test_steps = (len(test_images) + batch_size - 1) // batch_size\n"
    "print(f'{test_steps}/{test_steps} - loss: {test_loss:.4f} - accuracy: {test_acc:.4f}')\n"
    "\n"
    "print(f'\\nTest accuracy: {test_acc:.4f}')\n",
    config->epochs, config->batch_size);
}

/* ---- the script ------------------------------------------------------------------------ */

char *
nr_codegen (NrCodegenFramework framework, NrDatasetId dataset, const NrTrainConfig *config,
            GError **error)
{
  g_autoptr (GString) s = NULL;

  g_return_val_if_fail ((guint) framework < NR_N_CODEGEN_FRAMEWORKS, NULL);
  g_return_val_if_fail ((guint) dataset < NR_N_DATASETS, NULL);
  g_return_val_if_fail (config != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!nr_train_config_check (config, nr_dataset_info (dataset)->n_classes, error))
    return NULL;
  /* The scripts Flatten 28 × 28 images, as the datasets hold. */
  if (config->model.input_size != IMAGE_SIZE * IMAGE_SIZE)
    {
      g_set_error (error, NR_ERROR, NR_ERROR_INVALID,
                   _("The input size is %u values; the images have %u (%u × %u)."),
                   config->model.input_size, IMAGE_SIZE * IMAGE_SIZE, IMAGE_SIZE, IMAGE_SIZE);
      return NULL;
    }

  s = g_string_new (NULL);
  if (framework == NR_CODEGEN_KERAS)
    append_keras (s, dataset, config);
  else
    append_pytorch (s, dataset, config);
  return g_string_free (g_steal_pointer (&s), FALSE);
}
