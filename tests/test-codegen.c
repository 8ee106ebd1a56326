/* test-codegen.c — the Python scripts Neurona writes for a training config (codegen.h)
 * and `neurona-cli code`, which prints them.
 *
 * The tutorial's model is checked against the whole expected text of each script; the
 * other settings by the lines they change. Every variant is compiled with Python 3
 * (py_compile). The PyTorch script is also run, when Debian's python3-torch is there, on
 * the committed subset for one epoch, and must land within 0.03 of `neurona-cli train`'s
 * test accuracy for the same options. TensorFlow is not packaged in Debian 12, so the
 * Keras script can only be compiled, not run: its data loading is the PyTorch script's,
 * which runs.
 */
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "neurona/codegen.h"
#include "neurona/neurona.h"

#include "cli-test-util.h"

/* ---- the tutorial's model, whole ------------------------------------------------------ */

static const char keras_tutorial[] =
  "#!/usr/bin/env python3\n"
  "\"\"\"Fashion-MNIST in Keras, as Neurona trains it (a script Neurona wrote).\n"
  "\n"
  "Usage: python3 neurona_fashion_keras.py DATA_FOLDER\n"
  "\n"
  "DATA_FOLDER holds the four IDX files of Fashion-MNIST, gzipped or not\n"
  "(train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte,\n"
  "t10k-labels-idx1-ubyte), or a sub-folder fashion/ that does: Neurona's\n"
  "data/subset/fashion, for instance, or Debian's /usr/share/datasets/fashion-mnist.\n"
  "\n"
  "Needs TensorFlow 2.7 or later and NumPy (pip install tensorflow).\n"
  "\"\"\"\n"
  "\n"
  "# TensorFlow and tf.keras\n"
  "import tensorflow as tf\n"
  "\n"
  "# Helper libraries\n"
  "import gzip\n"
  "import os\n"
  "import sys\n"
  "\n"
  "import numpy as np\n"
  "\n"
  "\n"
  "def load_idx(path):\n"
  "    \"\"\"An IDX file of bytes as a NumPy array; gzipped or not, as its first bytes "
  "tell.\"\"\"\n"
  "    with open(path, 'rb') as f:\n"
  "        data = f.read()\n"
  "    if data[:2] == b'\\x1f\\x8b':\n"
  "        data = gzip.decompress(data)\n"
  "    if len(data) < 4 or data[:3] != b'\\x00\\x00\\x08':\n"
  "        sys.exit(f'{path}: not an IDX file of unsigned bytes')\n"
  "    ndim = data[3]\n"
  "    shape = tuple(int(d) for d in np.frombuffer(data, dtype='>u4', count=ndim, offset=4))\n"
  "    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * ndim).reshape(shape)\n"
  "\n"
  "\n"
  "def find(folder, stem):\n"
  "    \"\"\"stem or stem.gz in folder, or in the sub-folder named after the data set.\"\"\"\n"
  "    for sub in ('fashion', 'fashion-mnist', ''):\n"
  "        for name in (stem, stem + '.gz'):\n"
  "            path = os.path.join(folder, sub, name)\n"
  "            if os.path.isfile(path):\n"
  "                return path\n"
  "    sys.exit(f'no {stem}[.gz] in {folder}')\n"
  "\n"
  "\n"
  "def load_data(folder):\n"
  "    \"\"\"(train_images, train_labels), (test_images, test_labels), as\n"
  "    keras.datasets gives them: images (n, 28, 28) and labels (n) of uint8.\"\"\"\n"
  "    return ((load_idx(find(folder, 'train-images-idx3-ubyte')),\n"
  "             load_idx(find(folder, 'train-labels-idx1-ubyte'))),\n"
  "            (load_idx(find(folder, 't10k-images-idx3-ubyte')),\n"
  "             load_idx(find(folder, 't10k-labels-idx1-ubyte'))))\n"
  "\n"
  "\n"
  "if len(sys.argv) != 2:\n"
  "    sys.exit(f'usage: {sys.argv[0]} DATA_FOLDER')\n"
  "\n"
  "(train_images, train_labels), (test_images, test_labels) = load_data(sys.argv[1])\n"
  "\n"
  "# Neurona's seed, for the weights, the shuffles and the dropout. Keras draws its own\n"
  "# random numbers, so the run is repeatable but not Neurona's own.\n"
  "tf.keras.utils.set_random_seed(42)\n"
  "\n"
  "train_images = train_images / 255.0\n"
  "test_images = test_images / 255.0\n"
  "\n"
  "# Dense layers start from Glorot-uniform weights and zero biases, in Keras as in\n"
  "# Neurona.\n"
  "model = tf.keras.Sequential([\n"
  "    tf.keras.layers.Flatten(input_shape=(28, 28)),\n"
  "    tf.keras.layers.Dense(128, activation='relu'),\n"
  "    tf.keras.layers.Dense(10)\n"
  "])\n"
  "\n"
  "# The tutorial's optimizer='adam', its settings written out.\n"
  "optimizer = tf.keras.optimizers.Adam(learning_rate=0.001, beta_1=0.9, beta_2=0.999, "
  "epsilon=1e-07)\n"
  "\n"
  "model.compile(optimizer=optimizer,\n"
  "              loss=tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True),\n"
  "              metrics=['accuracy'])\n"
  "\n"
  "model.fit(train_images, train_labels, epochs=10, batch_size=32)\n"
  "\n"
  "test_loss, test_acc = model.evaluate(test_images, test_labels, verbose=2)\n"
  "\n"
  "print('\\nTest accuracy:', test_acc)\n";

static const char pytorch_tutorial[] =
  "#!/usr/bin/env python3\n"
  "\"\"\"Fashion-MNIST in PyTorch, as Neurona trains it (a script Neurona wrote).\n"
  "\n"
  "Usage: python3 neurona_fashion_pytorch.py DATA_FOLDER\n"
  "\n"
  "DATA_FOLDER holds the four IDX files of Fashion-MNIST, gzipped or not\n"
  "(train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte,\n"
  "t10k-labels-idx1-ubyte), or a sub-folder fashion/ that does: Neurona's\n"
  "data/subset/fashion, for instance, or Debian's /usr/share/datasets/fashion-mnist.\n"
  "\n"
  "Needs PyTorch 1.12 or later and NumPy (on Debian: apt install python3-torch).\n"
  "\"\"\"\n"
  "import gzip\n"
  "import os\n"
  "import sys\n"
  "import time\n"
  "\n"
  "import numpy as np\n"
  "import torch\n"
  "from torch import nn\n"
  "\n"
  "\n"
  "def load_idx(path):\n"
  "    \"\"\"An IDX file of bytes as a NumPy array; gzipped or not, as its first bytes "
  "tell.\"\"\"\n"
  "    with open(path, 'rb') as f:\n"
  "        data = f.read()\n"
  "    if data[:2] == b'\\x1f\\x8b':\n"
  "        data = gzip.decompress(data)\n"
  "    if len(data) < 4 or data[:3] != b'\\x00\\x00\\x08':\n"
  "        sys.exit(f'{path}: not an IDX file of unsigned bytes')\n"
  "    ndim = data[3]\n"
  "    shape = tuple(int(d) for d in np.frombuffer(data, dtype='>u4', count=ndim, offset=4))\n"
  "    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * ndim).reshape(shape)\n"
  "\n"
  "\n"
  "def find(folder, stem):\n"
  "    \"\"\"stem or stem.gz in folder, or in the sub-folder named after the data set.\"\"\"\n"
  "    for sub in ('fashion', 'fashion-mnist', ''):\n"
  "        for name in (stem, stem + '.gz'):\n"
  "            path = os.path.join(folder, sub, name)\n"
  "            if os.path.isfile(path):\n"
  "                return path\n"
  "    sys.exit(f'no {stem}[.gz] in {folder}')\n"
  "\n"
  "\n"
  "def load_data(folder):\n"
  "    \"\"\"(train_images, train_labels), (test_images, test_labels), as\n"
  "    keras.datasets gives them: images (n, 28, 28) and labels (n) of uint8.\"\"\"\n"
  "    return ((load_idx(find(folder, 'train-images-idx3-ubyte')),\n"
  "             load_idx(find(folder, 'train-labels-idx1-ubyte'))),\n"
  "            (load_idx(find(folder, 't10k-images-idx3-ubyte')),\n"
  "             load_idx(find(folder, 't10k-labels-idx1-ubyte'))))\n"
  "\n"
  "\n"
  "if len(sys.argv) != 2:\n"
  "    sys.exit(f'usage: {sys.argv[0]} DATA_FOLDER')\n"
  "\n"
  "(train_images, train_labels), (test_images, test_labels) = load_data(sys.argv[1])\n"
  "\n"
  "# Neurona's seed, for the weights and the dropout (torch.manual_seed) and the shuffles\n"
  "# (generator). PyTorch draws its own random numbers, so the run is repeatable but not\n"
  "# Neurona's own.\n"
  "torch.manual_seed(42)\n"
  "generator = torch.Generator().manual_seed(42)\n"
  "\n"
  "# Pixels from 0-255 to [0, 1], as the tutorial scales them.\n"
  "train_images = torch.from_numpy(train_images.astype(np.float32) / 255.0)\n"
  "test_images = torch.from_numpy(test_images.astype(np.float32) / 255.0)\n"
  "train_labels = torch.from_numpy(train_labels.astype(np.int64))\n"
  "test_labels = torch.from_numpy(test_labels.astype(np.int64))\n"
  "\n"
  "model = nn.Sequential(\n"
  "    nn.Flatten(),\n"
  "    nn.Linear(784, 128),\n"
  "    nn.ReLU(),\n"
  "    nn.Linear(128, 10),\n"
  ")\n"
  "\n"
  "# Keras' initialisation, which Neurona uses too (PyTorch's own differs): Glorot\n"
  "# (Xavier) uniform weights, zero biases.\n"
  "for layer in model:\n"
  "    if isinstance(layer, nn.Linear):\n"
  "        nn.init.xavier_uniform_(layer.weight)\n"
  "        nn.init.zeros_(layer.bias)\n"
  "\n"
  "# Keras' Adam settings (PyTorch's default eps is 1e-08). PyTorch adds eps after\n"
  "# correcting v for its bias, Keras and Neurona before: the steps differ only\n"
  "# while sqrt(v) is near eps.\n"
  "optimizer = torch.optim.Adam(model.parameters(), lr=0.001, betas=(0.9, 0.999), eps=1e-07)\n"
  "# Softmax and cross-entropy on the logits: Keras' "
  "SparseCategoricalCrossentropy(from_logits=True).\n"
  "loss_fn = nn.CrossEntropyLoss()\n"
  "\n"
  "epochs = 10\n"
  "batch_size = 32\n"
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
  "print(f'\\nTest accuracy: {test_acc:.4f}')\n";

static char *
generate (NrCodegenFramework framework, NrDatasetId dataset, const NrTrainConfig *config)
{
  g_autoptr (GError) error = NULL;
  char *script = nr_codegen (framework, dataset, config, &error);

  g_assert_no_error (error);
  g_assert_nonnull (script);
  return script;
}

static void
assert_contains (const char *text, const char *expected)
{
  if (strstr (text, expected) == NULL)
    g_error ("the script should contain\n%s\nbut is\n%s", expected, text);
}

static void
assert_lacks (const char *text, const char *unexpected)
{
  if (strstr (text, unexpected) != NULL)
    g_error ("the script should not contain\n%s\nbut is\n%s", unexpected, text);
}

/* The network's definition: from "model = " to the line closing it. */
static char *
model_block (const char *script)
{
  const char *start = strstr (script, "\nmodel = ");
  const char *end;

  g_assert_nonnull (start);
  start++;
  end = strstr (start, "\n)\n");
  if (end == NULL)
    end = strstr (start, "\n])\n");
  g_assert_nonnull (end);
  end = strchr (end + 1, '\n') + 1;
  return g_strndup (start, end - start);
}

static void
test_keras_tutorial (void)
{
  NrTrainConfig config;
  g_autofree char *script = NULL;

  nr_train_config_init (&config);
  script = generate (NR_CODEGEN_KERAS, NR_DATASET_FASHION_MNIST, &config);
  g_assert_cmpstr (script, ==, keras_tutorial);
}

static void
test_pytorch_tutorial (void)
{
  NrTrainConfig config;
  g_autofree char *script = NULL;

  nr_train_config_init (&config);
  script = generate (NR_CODEGEN_PYTORCH, NR_DATASET_FASHION_MNIST, &config);
  g_assert_cmpstr (script, ==, pytorch_tutorial);
}

/* The same settings give the same bytes: the lab regenerates the text on every change. */
static void
test_deterministic (void)
{
  NrTrainConfig config;

  nr_train_config_init (&config);
  config.model.hidden[0].dropout = 0.2f;
  config.seed = 7;
  for (guint f = 0; f < NR_N_CODEGEN_FRAMEWORKS; f++)
    {
      g_autofree char *a = generate (f, NR_DATASET_MNIST, &config);
      g_autofree char *b = generate (f, NR_DATASET_MNIST, &config);

      g_assert_cmpstr (a, ==, b);
    }
}

/* ---- one setting at a time ------------------------------------------------------------- */

/* Every activation the core knows, as Keras and PyTorch write it (after Dense(128) /
 * Linear(784, 128), before the output layer). */
static void
test_activations (void)
{
  const struct
  {
    NrActivation activation;
    const char *keras;
    const char *pytorch;
  } cases[] = {
    { NR_ACTIVATION_RELU, "    tf.keras.layers.Dense(128, activation='relu'),\n",
      "    nn.Linear(784, 128),\n    nn.ReLU(),\n" },
    { NR_ACTIVATION_SIGMOID, "    tf.keras.layers.Dense(128, activation='sigmoid'),\n",
      "    nn.Linear(784, 128),\n    nn.Sigmoid(),\n" },
    { NR_ACTIVATION_TANH, "    tf.keras.layers.Dense(128, activation='tanh'),\n",
      "    nn.Linear(784, 128),\n    nn.Tanh(),\n" },
    { NR_ACTIVATION_LINEAR, "    tf.keras.layers.Dense(128, activation='linear'),\n",
      "    nn.Linear(784, 128),  # linear: no activation\n" },
    /* A layer of its own, slope 0.3 as Keras' default (and Neurona's), not Keras 3's
     * 'leaky_relu' function (0.2) nor PyTorch's default (0.01). */
    { NR_ACTIVATION_LEAKY_RELU,
      "    tf.keras.layers.Dense(128),\n"
      "    tf.keras.layers.LeakyReLU(0.3),  # slope 0.3 below 0\n",
      "    nn.Linear(784, 128),\n"
      "    nn.LeakyReLU(0.3),  # Keras' slope below 0 (PyTorch's default is 0.01)\n" },
    { NR_ACTIVATION_ELU, "    tf.keras.layers.Dense(128, activation='elu'),\n",
      "    nn.Linear(784, 128),\n    nn.ELU(alpha=1.0),\n" },
    /* The tanh approximation, which Keras 2's 'gelu' is not. */
    { NR_ACTIVATION_GELU, "    tf.keras.layers.Dense(128, activation=gelu_tanh),\n",
      "    nn.Linear(784, 128),\n    nn.GELU(approximate='tanh'),\n" },
  };

  g_assert_cmpuint (G_N_ELEMENTS (cases), ==, NR_N_ACTIVATIONS);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      NrTrainConfig config;
      g_autofree char *keras = NULL, *pytorch = NULL, *keras_model = NULL;
      g_autofree char *pytorch_model = NULL, *keras_expected = NULL, *pytorch_expected = NULL;

      g_test_message ("%s", nr_activation_name (cases[i].activation));
      nr_train_config_init (&config);
      config.model.hidden[0].activation = cases[i].activation;
      keras = generate (NR_CODEGEN_KERAS, NR_DATASET_FASHION_MNIST, &config);
      pytorch = generate (NR_CODEGEN_PYTORCH, NR_DATASET_FASHION_MNIST, &config);
      keras_model = model_block (keras);
      pytorch_model = model_block (pytorch);
      keras_expected = g_strconcat ("model = tf.keras.Sequential([\n"
                                    "    tf.keras.layers.Flatten(input_shape=(28, 28)),\n",
                                    cases[i].keras,
                                    "    tf.keras.layers.Dense(10)\n"
                                    "])\n",
                                    NULL);
      pytorch_expected = g_strconcat ("model = nn.Sequential(\n"
                                      "    nn.Flatten(),\n",
                                      cases[i].pytorch,
                                      "    nn.Linear(128, 10),\n"
                                      ")\n",
                                      NULL);
      g_assert_cmpstr (keras_model, ==, keras_expected);
      g_assert_cmpstr (pytorch_model, ==, pytorch_expected);

      /* The helper the GELU layer calls is defined only where it is used. */
      if (cases[i].activation == NR_ACTIVATION_GELU)
        assert_contains (keras, "def gelu_tanh(x):\n"
                                "    \"\"\"GELU in its tanh approximation, as Neurona computes "
                                "it.\"\"\"\n"
                                "    return tf.keras.activations.gelu(x, approximate=True)\n");
      else
        assert_lacks (keras, "gelu_tanh");
    }
}

/* Each optimizer with every parameter away from its default, as both frameworks spell
 * them: Keras' names, PyTorch's (betas, alpha = rho, eps). */
static void
test_optimizers (void)
{
  const struct
  {
    NrOptimizerKind kind;
    float learning_rate, beta1, beta2, epsilon, momentum, rho;
    const char *keras;
    const char *pytorch;
  } cases[] = {
    { NR_OPTIMIZER_ADAM, 0.002f, 0.8f, 0.99f, 1e-6f, 0, 0,
      "optimizer = tf.keras.optimizers.Adam(learning_rate=0.002, beta_1=0.8, beta_2=0.99, "
      "epsilon=1e-06)\n",
      "optimizer = torch.optim.Adam(model.parameters(), lr=0.002, betas=(0.8, 0.99), "
      "eps=1e-06)\n" },
    { NR_OPTIMIZER_SGD, 0.05f, 0, 0, 0, 0.9f, 0,
      "optimizer = tf.keras.optimizers.SGD(learning_rate=0.05, momentum=0.9)\n",
      "optimizer = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9)\n" },
    /* Plain SGD: momentum 0, written as a float. */
    { NR_OPTIMIZER_SGD, 1.0f, 0, 0, 0, 0, 0,
      "optimizer = tf.keras.optimizers.SGD(learning_rate=1.0, momentum=0.0)\n",
      "optimizer = torch.optim.SGD(model.parameters(), lr=1.0, momentum=0.0)\n" },
    { NR_OPTIMIZER_RMSPROP, 0.0005f, 0, 0, 1e-5f, 0, 0.8f,
      "optimizer = tf.keras.optimizers.RMSprop(learning_rate=0.0005, rho=0.8, "
      "epsilon=1e-05)\n",
      "optimizer = torch.optim.RMSprop(model.parameters(), lr=0.0005, alpha=0.8, "
      "eps=1e-05)\n" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      NrTrainConfig config;
      g_autofree char *keras = NULL, *pytorch = NULL;

      nr_train_config_init (&config);
      nr_optimizer_spec_init (&config.optimizer, cases[i].kind);
      config.optimizer.learning_rate = cases[i].learning_rate;
      if (cases[i].kind == NR_OPTIMIZER_ADAM)
        {
          config.optimizer.beta1 = cases[i].beta1;
          config.optimizer.beta2 = cases[i].beta2;
        }
      if (cases[i].epsilon > 0)
        config.optimizer.epsilon = cases[i].epsilon;
      config.optimizer.momentum = cases[i].momentum;
      if (cases[i].kind == NR_OPTIMIZER_RMSPROP)
        config.optimizer.rho = cases[i].rho;

      keras = generate (NR_CODEGEN_KERAS, NR_DATASET_FASHION_MNIST, &config);
      pytorch = generate (NR_CODEGEN_PYTORCH, NR_DATASET_FASHION_MNIST, &config);
      assert_contains (keras, cases[i].keras);
      assert_contains (keras, "model.compile(optimizer=optimizer,\n");
      assert_contains (pytorch, cases[i].pytorch);
    }
}

/* The differences that remain between the frameworks are said where they are. */
static void
test_optimizer_notes (void)
{
  NrTrainConfig config;
  g_autofree char *keras = NULL, *pytorch = NULL;

  nr_train_config_init (&config);
  nr_optimizer_spec_init (&config.optimizer, NR_OPTIMIZER_RMSPROP);
  keras = generate (NR_CODEGEN_KERAS, NR_DATASET_FASHION_MNIST, &config);
  pytorch = generate (NR_CODEGEN_PYTORCH, NR_DATASET_FASHION_MNIST, &config);
  assert_contains (keras, "# Keras adds epsilon inside the square root, sqrt(v + epsilon), "
                          "where Neurona\n");
  assert_contains (pytorch, "# alpha is Keras' rho (PyTorch's default is 0.99). PyTorch adds "
                            "eps outside the square\n"
                            "# root, sqrt(v) + eps, as Neurona does; Keras adds it inside, "
                            "sqrt(v + eps).\n");

  nr_optimizer_spec_init (&config.optimizer, NR_OPTIMIZER_SGD);
  config.optimizer.momentum = 0.9f;
  g_clear_pointer (&pytorch, g_free);
  pytorch = generate (NR_CODEGEN_PYTORCH, NR_DATASET_FASHION_MNIST, &config);
  assert_contains (pytorch, "# PyTorch's momentum (v = momentum * v + g; w -= lr * v) takes "
                            "the same\n");
}

/* Dropout follows its layer's activation, only where the settings have it; a
 * LeakyReLU layer comes before it. */
static void
test_dropout_placement (void)
{
  NrTrainConfig config;
  g_autofree char *keras = NULL, *pytorch = NULL, *keras_model = NULL, *pytorch_model = NULL;

  nr_train_config_init (&config);
  config.model.n_hidden = 3;
  config.model.hidden[0] = (NrLayerSpec) { 256, NR_ACTIVATION_LEAKY_RELU, 0.2f };
  config.model.hidden[1] = (NrLayerSpec) { 64, NR_ACTIVATION_TANH, 0.0f };
  config.model.hidden[2] = (NrLayerSpec) { 32, NR_ACTIVATION_RELU, 0.5f };
  keras = generate (NR_CODEGEN_KERAS, NR_DATASET_FASHION_MNIST, &config);
  pytorch = generate (NR_CODEGEN_PYTORCH, NR_DATASET_FASHION_MNIST, &config);
  keras_model = model_block (keras);
  pytorch_model = model_block (pytorch);

  g_assert_cmpstr (keras_model, ==,
                   "model = tf.keras.Sequential([\n"
                   "    tf.keras.layers.Flatten(input_shape=(28, 28)),\n"
                   "    tf.keras.layers.Dense(256),\n"
                   "    tf.keras.layers.LeakyReLU(0.3),  # slope 0.3 below 0\n"
                   "    tf.keras.layers.Dropout(0.2),\n"
                   "    tf.keras.layers.Dense(64, activation='tanh'),\n"
                   "    tf.keras.layers.Dense(32, activation='relu'),\n"
                   "    tf.keras.layers.Dropout(0.5),\n"
                   "    tf.keras.layers.Dense(10)\n"
                   "])\n");
  g_assert_cmpstr (pytorch_model, ==,
                   "model = nn.Sequential(\n"
                   "    nn.Flatten(),\n"
                   "    nn.Linear(784, 256),\n"
                   "    nn.LeakyReLU(0.3),  # Keras' slope below 0 (PyTorch's default is 0.01)\n"
                   "    nn.Dropout(0.2),\n"
                   "    nn.Linear(256, 64),\n"
                   "    nn.Tanh(),\n"
                   "    nn.Linear(64, 32),\n"
                   "    nn.ReLU(),\n"
                   "    nn.Dropout(0.5),\n"
                   "    nn.Linear(32, 10),\n"
                   ")\n");
}

/* --units none: the outputs straight on the pixels. */
static void
test_no_hidden_layer (void)
{
  NrTrainConfig config;
  g_autofree char *keras = NULL, *pytorch = NULL, *keras_model = NULL, *pytorch_model = NULL;

  nr_train_config_init (&config);
  config.model.n_hidden = 0;
  keras = generate (NR_CODEGEN_KERAS, NR_DATASET_MNIST, &config);
  pytorch = generate (NR_CODEGEN_PYTORCH, NR_DATASET_MNIST, &config);
  keras_model = model_block (keras);
  pytorch_model = model_block (pytorch);
  g_assert_cmpstr (keras_model, ==,
                   "model = tf.keras.Sequential([\n"
                   "    tf.keras.layers.Flatten(input_shape=(28, 28)),\n"
                   "    tf.keras.layers.Dense(10)\n"
                   "])\n");
  g_assert_cmpstr (pytorch_model, ==,
                   "model = nn.Sequential(\n"
                   "    nn.Flatten(),\n"
                   "    nn.Linear(784, 10),\n"
                   ")\n");
}

/* The tutorial's Dense(15) on ten classes: trains, and says why five outputs stay idle. */
static void
test_extra_outputs (void)
{
  NrTrainConfig config;
  g_autofree char *keras = NULL, *pytorch = NULL;

  nr_train_config_init (&config);
  config.model.hidden[0].units = 28;
  config.model.outputs = 15;
  keras = generate (NR_CODEGEN_KERAS, NR_DATASET_FASHION_MNIST, &config);
  pytorch = generate (NR_CODEGEN_PYTORCH, NR_DATASET_FASHION_MNIST, &config);
  assert_contains (keras, "    tf.keras.layers.Dense(28, activation='relu'),\n"
                          "    tf.keras.layers.Dense(15)  # 15 outputs for 10 classes: the "
                          "other 5 never match a label\n"
                          "])\n");
  assert_contains (pytorch, "    nn.Linear(28, 15),  # 15 outputs for 10 classes: the other 5 "
                            "never match a label\n"
                            ")\n");
}

/* Unscaled pixels: 0…255 as floats, nowhere divided by 255. */
static void
test_unscaled (void)
{
  NrTrainConfig config;
  g_autofree char *keras = NULL, *pytorch = NULL;

  nr_train_config_init (&config);
  config.normalize = FALSE;
  keras = generate (NR_CODEGEN_KERAS, NR_DATASET_FASHION_MNIST, &config);
  pytorch = generate (NR_CODEGEN_PYTORCH, NR_DATASET_FASHION_MNIST, &config);
  assert_lacks (keras, "train_images / 255.0");
  assert_lacks (keras, "test_images / 255.0");
  assert_lacks (pytorch, "astype(np.float32) / 255.0");
  assert_contains (keras, "# The pixels stay 0-255, not scaled to [0, 1] as in the tutorial "
                          "(/ 255.0).\n"
                          "train_images = train_images.astype('float32')\n"
                          "test_images = test_images.astype('float32')\n");
  assert_contains (pytorch, "train_images = torch.from_numpy(train_images.astype(np.float32))\n"
                            "test_images = torch.from_numpy(test_images.astype(np.float32))\n");
}

/* --train-limit / --test-limit: the first N images, as the trainer takes them. */
static void
test_limits (void)
{
  NrTrainConfig config;

  nr_train_config_init (&config);
  config.train_limit = 1000;
  config.test_limit = 500;
  for (guint f = 0; f < NR_N_CODEGEN_FRAMEWORKS; f++)
    {
      g_autofree char *script = generate (f, NR_DATASET_FASHION_MNIST, &config);

      assert_contains (script, "\n# Only the first 1000 training images, as Neurona's train "
                               "limit.\n"
                               "train_images = train_images[:1000]\n"
                               "train_labels = train_labels[:1000]\n");
      assert_contains (script, "\n# Only the first 500 test images, as Neurona's test limit.\n"
                               "test_images = test_images[:500]\n"
                               "test_labels = test_labels[:500]\n");
    }

  /* Only the one that is set. */
  config.test_limit = 0;
  for (guint f = 0; f < NR_N_CODEGEN_FRAMEWORKS; f++)
    {
      g_autofree char *script = generate (f, NR_DATASET_FASHION_MNIST, &config);

      assert_contains (script, "train_images = train_images[:1000]\n");
      assert_lacks (script, "test_images[:");
    }
}

/* Epochs, batch size and seed, where each framework takes them. */
static void
test_schedule_and_seed (void)
{
  NrTrainConfig config;
  g_autofree char *keras = NULL, *pytorch = NULL;

  nr_train_config_init (&config);
  config.epochs = 3;
  config.batch_size = 100;
  config.seed = 1234;
  keras = generate (NR_CODEGEN_KERAS, NR_DATASET_FASHION_MNIST, &config);
  pytorch = generate (NR_CODEGEN_PYTORCH, NR_DATASET_FASHION_MNIST, &config);
  assert_contains (keras, "\ntf.keras.utils.set_random_seed(1234)\n");
  assert_contains (keras, "\nmodel.fit(train_images, train_labels, epochs=3, batch_size=100)\n");
  assert_contains (pytorch, "\ntorch.manual_seed(1234)\n"
                            "generator = torch.Generator().manual_seed(1234)\n");
  assert_contains (pytorch, "\nepochs = 3\nbatch_size = 100\n");
}

/* Neurona's seeds are 64-bit; NumPy (which Keras' set_random_seed seeds) takes 32. */
static void
test_large_seed (void)
{
  NrTrainConfig config;
  g_autofree char *keras = NULL, *pytorch = NULL;

  nr_train_config_init (&config);
  config.seed = G_MAXUINT64;
  keras = generate (NR_CODEGEN_KERAS, NR_DATASET_FASHION_MNIST, &config);
  pytorch = generate (NR_CODEGEN_PYTORCH, NR_DATASET_FASHION_MNIST, &config);
  assert_contains (keras, "# NumPy takes seeds below 2**32 only: Neurona's 18446744073709551615 "
                          "modulo 2**32.\n"
                          "tf.keras.utils.set_random_seed(4294967295)\n");
  assert_contains (pytorch, "torch.manual_seed(18446744073709551615)\n");

  config.seed = (guint64) G_MAXUINT32 + 2;
  g_clear_pointer (&keras, g_free);
  keras = generate (NR_CODEGEN_KERAS, NR_DATASET_FASHION_MNIST, &config);
  assert_contains (keras, "tf.keras.utils.set_random_seed(1)\n");
}

/* MNIST: its own title, file name and sub-folder; no Debian package to point to. */
static void
test_mnist (void)
{
  NrTrainConfig config;
  g_autofree char *script = NULL;

  nr_train_config_init (&config);
  script = generate (NR_CODEGEN_PYTORCH, NR_DATASET_MNIST, &config);
  assert_contains (script, "\"\"\"MNIST digits in PyTorch, as Neurona trains it");
  assert_contains (script, "Usage: python3 neurona_mnist_pytorch.py DATA_FOLDER\n");
  assert_contains (script, "    for sub in ('mnist', ''):\n");
  assert_lacks (script, "fashion");
}

/* What the trainer refuses, the scripts refuse, with the trainer's error. */
static void
test_refused (void)
{
  for (guint f = 0; f < NR_N_CODEGEN_FRAMEWORKS; f++)
    {
      NrTrainConfig config;
      g_autoptr (GError) error = NULL;
      char *script;

      /* The tutorial's Dense(5) on ten classes. */
      nr_train_config_init (&config);
      config.model.outputs = 5;
      script = nr_codegen (f, NR_DATASET_FASHION_MNIST, &config, &error);
      g_assert_null (script);
      g_assert_error (error, NR_ERROR, NR_ERROR_LABEL_RANGE);
      g_clear_error (&error);

      nr_train_config_init (&config);
      config.model.hidden[0].units = 0;
      g_assert_null (nr_codegen (f, NR_DATASET_FASHION_MNIST, &config, &error));
      g_assert_error (error, NR_ERROR, NR_ERROR_INVALID);
      g_clear_error (&error);

      nr_train_config_init (&config);
      config.optimizer.learning_rate = 0.0f;
      g_assert_null (nr_codegen (f, NR_DATASET_FASHION_MNIST, &config, &error));
      g_assert_error (error, NR_ERROR, NR_ERROR_INVALID);
      g_clear_error (&error);

      nr_train_config_init (&config);
      config.batch_size = 0;
      g_assert_null (nr_codegen (f, NR_DATASET_FASHION_MNIST, &config, &error));
      g_assert_error (error, NR_ERROR, NR_ERROR_INVALID);
      g_clear_error (&error);

      /* The scripts flatten 28 × 28 images. */
      nr_train_config_init (&config);
      config.model.input_size = 100;
      g_assert_null (nr_codegen (f, NR_DATASET_FASHION_MNIST, &config, &error));
      g_assert_error (error, NR_ERROR, NR_ERROR_INVALID);
      g_assert_nonnull (strstr (error->message, "784"));
    }
}

static void
test_names (void)
{
  NrCodegenFramework framework = NR_N_CODEGEN_FRAMEWORKS;
  g_autofree char *keras = nr_codegen_file_name (NR_CODEGEN_KERAS, NR_DATASET_FASHION_MNIST);
  g_autofree char *pytorch = nr_codegen_file_name (NR_CODEGEN_PYTORCH, NR_DATASET_MNIST);

  /* Never torch.py or tensorflow.py: the tutorial's own trap, a script that imports
   * itself instead of the module. */
  g_assert_cmpstr (keras, ==, "neurona_fashion_keras.py");
  g_assert_cmpstr (pytorch, ==, "neurona_mnist_pytorch.py");

  g_assert_cmpstr (nr_codegen_framework_name (NR_CODEGEN_KERAS), ==, "keras");
  g_assert_cmpstr (nr_codegen_framework_name (NR_CODEGEN_PYTORCH), ==, "pytorch");
  g_assert_cmpstr (nr_codegen_framework_title (NR_CODEGEN_PYTORCH), ==, "PyTorch");
  g_assert_true (nr_codegen_framework_from_name ("Keras", &framework));
  g_assert_cmpint (framework, ==, NR_CODEGEN_KERAS);
  g_assert_true (nr_codegen_framework_from_name ("torch", &framework));
  g_assert_cmpint (framework, ==, NR_CODEGEN_PYTORCH);
  g_assert_true (nr_codegen_framework_from_name ("PYTORCH", &framework));
  g_assert_cmpint (framework, ==, NR_CODEGEN_PYTORCH);
  g_assert_false (nr_codegen_framework_from_name ("tensorflow", &framework));
  g_assert_false (nr_codegen_framework_from_name ("", &framework));
}

/* ---- Python ---------------------------------------------------------------------------- */

/* Debian's Python (where python3-torch installs), else the first python3 on PATH. */
static char *
find_python (void)
{
  if (g_file_test ("/usr/bin/python3", G_FILE_TEST_IS_EXECUTABLE))
    return g_strdup ("/usr/bin/python3");
  return g_find_program_in_path ("python3");
}

/* Runs argv; its exit status, stdout and stderr. */
static int
run (const char *const *argv, char **out, char **err)
{
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) envp = g_environ_setenv (g_get_environ (), "OMP_NUM_THREADS", "1", TRUE);
  int wait_status = 0;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, envp, G_SPAWN_DEFAULT, NULL, NULL, out, err,
                               &wait_status, &error));
  g_assert_no_error (error);
  if (!WIFEXITED (wait_status))
    g_error ("%s was killed by signal %d; stderr: %s", argv[0], WTERMSIG (wait_status),
             err != NULL ? *err : "");
  return WEXITSTATUS (wait_status);
}

static void
write_file (const char *path, const char *text)
{
  g_autoptr (GError) error = NULL;

  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);
}

/* The settings py-compile goes through: each way a script can differ from the tutorial's. */
enum
{
  VARIANT_TUTORIAL,
  VARIANT_DROPOUT,
  VARIANT_ACTIVATIONS, /* … one per activation, NR_N_ACTIVATIONS of them */
  VARIANT_NO_HIDDEN = VARIANT_ACTIVATIONS + NR_N_ACTIVATIONS,
  VARIANT_EXTRA_OUTPUTS,
  VARIANT_UNSCALED,
  VARIANT_LIMITS,
  VARIANT_LARGE_SEED,
  VARIANT_SGD,
  VARIANT_RMSPROP,
  VARIANT_DEEP,
  N_VARIANTS
};

static void
apply_variant (guint v, NrTrainConfig *c)
{
  nr_train_config_init (c);
  if (v >= VARIANT_ACTIVATIONS && v < VARIANT_NO_HIDDEN)
    {
      c->model.hidden[0].activation = (NrActivation) (v - VARIANT_ACTIVATIONS);
      return;
    }
  switch (v)
    {
    case VARIANT_TUTORIAL:
      break;
    case VARIANT_DROPOUT:
      c->model.hidden[0].dropout = 0.2f;
      break;
    case VARIANT_NO_HIDDEN:
      c->model.n_hidden = 0;
      break;
    case VARIANT_EXTRA_OUTPUTS:
      c->model.outputs = 15;
      break;
    case VARIANT_UNSCALED:
      c->normalize = FALSE;
      break;
    case VARIANT_LIMITS:
      c->train_limit = 1000;
      c->test_limit = 200;
      break;
    case VARIANT_LARGE_SEED:
      c->seed = G_MAXUINT64;
      break;
    case VARIANT_SGD:
      nr_optimizer_spec_init (&c->optimizer, NR_OPTIMIZER_SGD);
      c->optimizer.momentum = 0.9f;
      break;
    case VARIANT_RMSPROP:
      nr_optimizer_spec_init (&c->optimizer, NR_OPTIMIZER_RMSPROP);
      break;
    case VARIANT_DEEP:
      /* Every layer the core allows, each activation, dropout on every other one. */
      c->model.n_hidden = NR_MAX_HIDDEN;
      for (guint l = 0; l < NR_MAX_HIDDEN; l++)
        c->model.hidden[l] = (NrLayerSpec) { 16 + l, (NrActivation) (l % NR_N_ACTIVATIONS),
                                             l % 2 ? 0.1f : 0.0f };
      break;
    default:
      g_assert_not_reached ();
    }
}

/* Every variant, in both frameworks and on both datasets, is valid Python 3. */
static void
test_py_compile (void)
{
  g_autofree char *python = find_python ();
  g_autofree char *dir = NULL;
  g_autoptr (GPtrArray) argv = NULL;
  g_autofree char *out = NULL, *err = NULL;
  int status;

  if (python == NULL)
    {
      g_test_skip ("no python3 to compile the scripts with");
      return;
    }
  dir = cli_test_make_tmp_dir ();
  argv = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (argv, g_strdup (python));
  g_ptr_array_add (argv, g_strdup ("-m"));
  g_ptr_array_add (argv, g_strdup ("py_compile"));
  for (guint v = 0; v < N_VARIANTS; v++)
    for (guint f = 0; f < NR_N_CODEGEN_FRAMEWORKS; f++)
      for (guint d = 0; d < NR_N_DATASETS; d++)
        {
          NrTrainConfig config;
          g_autofree char *script = NULL;
          g_autofree char *name = g_strdup_printf ("v%u_%s_%s.py", v,
                                                   nr_codegen_framework_name (f),
                                                   nr_dataset_info (d)->name);
          char *path = g_build_filename (dir, name, NULL);

          apply_variant (v, &config);
          script = generate (f, d, &config);
          write_file (path, script);
          g_ptr_array_add (argv, path);
        }
  g_ptr_array_add (argv, NULL);

  status = run ((const char *const *) argv->pdata, &out, &err);
  if (status != 0)
    g_error ("py_compile failed (%d):\n%s%s", status, out, err);
  cli_test_remove_tree (dir);
}

/* The last "Test accuracy: X" in a program's output. */
static double
parse_test_accuracy (const char *output)
{
  const char *key = "Test accuracy: ";
  const char *at = NULL;
  char *end = NULL;
  double value;

  for (const char *p = strstr (output, key); p != NULL; p = strstr (p + 1, key))
    at = p;
  if (at == NULL)
    g_error ("no “%s” in\n%s", key, output);
  value = g_ascii_strtod (at + strlen (key), &end);
  g_assert_true (end != at + strlen (key));
  return value;
}

/* The test accuracy `neurona-cli ARGS` (code's script, run with python, when python is not
 * NULL; else train) prints. */
static double
measure (const char *python, const char *script, const char *data_dir, GPtrArray *args)
{
  g_auto (CliTestRun) cli = { 0 };
  g_autofree char *out = NULL, *err = NULL;
  const char *run_script[] = { python, script, data_dir, NULL };
  int status;

  g_ptr_array_add (args, NULL);
  g_assert_true (cli_test_run_argv (&cli, NULL, (const char *const *) args->pdata));
  g_ptr_array_remove_index (args, args->len - 1);
  if (cli.status != 0)
    g_error ("neurona-cli %s failed (%d): %s", (char *) args->pdata[0], cli.status, cli.err);
  if (python == NULL)
    return parse_test_accuracy (cli.out);

  status = run (run_script, &out, &err);
  if (status != 0)
    g_error ("the PyTorch script failed (%d):\n%s%s", status, out, err);
  return parse_test_accuracy (out);
}

/* `neurona-cli code --framework pytorch OPTIONS` run with Debian's PyTorch, against
 * `neurona-cli train OPTIONS`: one epoch on the committed Fashion-MNIST subset (6,000
 * training and 1,000 test images). Each side draws its own random numbers, and one seed's
 * accuracy after one epoch on so few images varies by a point or two (up to 4 between
 * the two sides for one seed); the mean over three seeds is held to 0.03, which a wrong
 * mapping (a missing momentum, unscaled pixels) far exceeds. */
static void
check_pytorch_matches_neurona (const char *const *options)
{
  const char *seeds[] = { "42", "1", "2" };
  g_autofree char *python = find_python ();
  g_autofree char *subset = cli_test_subset_dir ();
  g_autofree char *data_dir = g_build_filename (subset, "fashion", NULL);
  g_autofree char *err = NULL;
  const char *import_torch[] = { python, "-c", "import torch, numpy", NULL };
  double neurona_sum = 0.0, pytorch_sum = 0.0;

  if (g_getenv ("NEURONA_CLI") == NULL)
    {
      g_test_skip ("NEURONA_CLI is not set (run through meson test)");
      return;
    }
  if (python == NULL || run (import_torch, NULL, &err) != 0)
    {
      g_test_skip ("PyTorch is not installed (apt install python3-torch): the script is only "
                   "compiled");
      return;
    }

  for (guint i = 0; i < G_N_ELEMENTS (seeds); i++)
    {
      g_autofree char *dir = cli_test_make_tmp_dir ();
      g_autofree char *script = g_build_filename (dir, "neurona_fashion_pytorch.py", NULL);
      g_autoptr (GPtrArray) code_args = g_ptr_array_new ();
      g_autoptr (GPtrArray) train_args = g_ptr_array_new ();
      double neurona, pytorch;

      g_ptr_array_add (code_args, "code");
      g_ptr_array_add (code_args, "--framework");
      g_ptr_array_add (code_args, "pytorch");
      g_ptr_array_add (code_args, "-o");
      g_ptr_array_add (code_args, script);
      g_ptr_array_add (train_args, "train");
      g_ptr_array_add (train_args, "--data-dir");
      g_ptr_array_add (train_args, data_dir);
      g_ptr_array_add (train_args, "--no-save");
      for (guint k = 0; options[k] != NULL; k++)
        {
          g_ptr_array_add (code_args, (char *) options[k]);
          g_ptr_array_add (train_args, (char *) options[k]);
        }
      g_ptr_array_add (code_args, "--seed");
      g_ptr_array_add (code_args, (char *) seeds[i]);
      g_ptr_array_add (train_args, "--seed");
      g_ptr_array_add (train_args, (char *) seeds[i]);

      pytorch = measure (python, script, data_dir, code_args);
      neurona = measure (NULL, NULL, NULL, train_args);
      g_test_message ("seed %s: test accuracy after 1 epoch: Neurona %.4f, PyTorch %.4f",
                      seeds[i], neurona, pytorch);
      g_assert_cmpfloat (pytorch, >, 0.5); /* it learned: chance is 0.1 */
      neurona_sum += neurona;
      pytorch_sum += pytorch;
      cli_test_remove_tree (dir);
    }
  g_test_message ("mean over %u seeds: Neurona %.4f, PyTorch %.4f", (guint) G_N_ELEMENTS (seeds),
                  neurona_sum / G_N_ELEMENTS (seeds), pytorch_sum / G_N_ELEMENTS (seeds));
  g_assert_cmpfloat_with_epsilon (pytorch_sum / G_N_ELEMENTS (seeds),
                                  neurona_sum / G_N_ELEMENTS (seeds), 0.03);
}

static void
test_pytorch_tutorial_trains (void)
{
  const char *options[] = { "--epochs", "1", NULL };

  check_pytorch_matches_neurona (options);
}

/* Dropout, SGD with momentum and a second hidden layer, the mappings most likely to drift. */
static void
test_pytorch_dropout_sgd_trains (void)
{
  const char *options[] = { "--epochs", "1", "--units", "128,64", "--dropout", "0.2",
                            "--optimizer", "sgd", "--momentum", "0.9", NULL };

  check_pytorch_matches_neurona (options);
}

/* ---- neurona-cli code ------------------------------------------------------------------ */

/* It prints what nr_codegen writes for the same settings, and nothing else. */
static void
test_cli_prints_script (void)
{
  g_auto (CliTestRun) r = { 0 };
  NrTrainConfig config;
  g_autofree char *expected = NULL;

  if (!cli_test_run (&r, "code", "--framework", "pytorch", "--dataset", "mnist", "--units",
                     "64", "--activation", "gelu", "--dropout", "0.1", "--optimizer", "rmsprop",
                     "--learning-rate", "0.0005", "--epochs", "3", "--batch-size", "64",
                     "--seed", "9", "--no-normalize", "--train-limit", "500", "--test-limit",
                     "100", "--outputs", "12", "--threads", "2", NULL))
    return;
  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpstr (r.err, ==, "");

  nr_train_config_init (&config);
  config.model.hidden[0] = (NrLayerSpec) { 64, NR_ACTIVATION_GELU, 0.1f };
  config.model.outputs = 12;
  nr_optimizer_spec_init (&config.optimizer, NR_OPTIMIZER_RMSPROP);
  config.optimizer.learning_rate = 0.0005f;
  config.epochs = 3;
  config.batch_size = 64;
  config.seed = 9;
  config.normalize = FALSE;
  config.train_limit = 500;
  config.test_limit = 100;
  expected = generate (NR_CODEGEN_PYTORCH, NR_DATASET_MNIST, &config);
  g_assert_cmpstr (r.out, ==, expected);
}

/* Without --framework: the tutorial's, Keras. */
static void
test_cli_default_keras (void)
{
  g_auto (CliTestRun) r = { 0 };

  if (!cli_test_run (&r, "code", NULL))
    return;
  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpstr (r.out, ==, keras_tutorial);
}

/* -o FILE: the script in the file (replacing what was there), nothing on stdout. */
static void
test_cli_output_file (void)
{
  g_autofree char *dir = cli_test_make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "tutorial.py", NULL);
  g_autofree char *contents = NULL;
  g_auto (CliTestRun) r = { 0 };
  g_autoptr (GError) error = NULL;

  write_file (path, "an older, longer script that must not survive in part\n");
  if (!cli_test_run (&r, "code", "--framework", "keras", "-o", path, NULL))
    return;
  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpstr (r.out, ==, "");
  g_assert_cmpstr (r.err, ==, "");
  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (contents, ==, keras_tutorial);
  cli_test_remove_tree (dir);
}

static void
assert_usage_error (CliTestRun *r, const char *expected_substring)
{
  g_test_message ("stderr: %s", r->err);
  g_assert_cmpint (r->status, ==, 2);
  g_assert_cmpstr (r->out, ==, "");
  g_assert_cmpuint (cli_test_count_lines (r->err), ==, 1);
  if (strstr (r->err, expected_substring) == NULL)
    g_error ("stderr “%s” should contain “%s”", r->err, expected_substring);
}

/* What train refuses, code refuses the same way; and its own options' mistakes. */
static void
test_cli_refused (void)
{
  const struct
  {
    const char *args[6];
    const char *says;
  } cases[] = {
    { { "--framework", "tensorflow" },
      "unknown framework “tensorflow” (choose keras or pytorch)" },
    { { "--outputs", "5" }, "The output layer needs at least 10" },
    { { "--units", "none", "--activation", "relu" },
      "--activation does nothing with --units none" },
    { { "--epochs", "0" }, "--epochs must be a whole number from 1" },
    { { "--momentum", "0.9" }, "--momentum applies to --optimizer sgd only" },
    { { "-o", "" }, "--output needs a file name" },
    { { "--no-save" }, "Unknown option --no-save" },
    { { "extra" }, "unexpected argument “extra”" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto (CliTestRun) r = { 0 };
      const char *argv[8] = { "code" };

      for (guint a = 0; a < G_N_ELEMENTS (cases[i].args) && cases[i].args[a] != NULL; a++)
        argv[a + 1] = cases[i].args[a];
      if (!cli_test_run_argv (&r, NULL, argv))
        return;
      assert_usage_error (&r, cases[i].says);
    }
}

/* A file that cannot be written is status 1 with the reason, not a silent success. */
static void
test_cli_unwritable (void)
{
  g_autofree char *dir = cli_test_make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "missing-folder", "script.py", NULL);
  g_auto (CliTestRun) r = { 0 };

  if (!cli_test_run (&r, "code", "-o", path, NULL))
    return;
  g_test_message ("stderr: %s", r.err);
  g_assert_cmpint (r.status, ==, 1);
  g_assert_cmpstr (r.out, ==, "");
  g_assert_true (g_str_has_prefix (r.err, "neurona-cli: "));
  g_assert_nonnull (strstr (r.err, "script.py"));
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  cli_test_remove_tree (dir);
}

/* Standard output that cannot be written (a full disk) is status 1, as for train. */
static void
test_cli_stdout_full (void)
{
  g_auto (CliTestRun) r = { 0 };

  if (!cli_test_run_stdout (&r, CLI_TEST_STDOUT_DEV_FULL, "code", NULL))
    return;
  g_assert_cmpint (r.status, ==, 1);
  g_assert_nonnull (strstr (r.err, "cannot write to standard output"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/codegen/keras/tutorial", test_keras_tutorial);
  g_test_add_func ("/core/codegen/pytorch/tutorial", test_pytorch_tutorial);
  g_test_add_func ("/core/codegen/deterministic", test_deterministic);
  g_test_add_func ("/core/codegen/activations", test_activations);
  g_test_add_func ("/core/codegen/optimizers", test_optimizers);
  g_test_add_func ("/core/codegen/optimizer-notes", test_optimizer_notes);
  g_test_add_func ("/core/codegen/dropout-placement", test_dropout_placement);
  g_test_add_func ("/core/codegen/no-hidden-layer", test_no_hidden_layer);
  g_test_add_func ("/core/codegen/extra-outputs", test_extra_outputs);
  g_test_add_func ("/core/codegen/unscaled", test_unscaled);
  g_test_add_func ("/core/codegen/limits", test_limits);
  g_test_add_func ("/core/codegen/schedule-and-seed", test_schedule_and_seed);
  g_test_add_func ("/core/codegen/large-seed", test_large_seed);
  g_test_add_func ("/core/codegen/mnist", test_mnist);
  g_test_add_func ("/core/codegen/refused", test_refused);
  g_test_add_func ("/core/codegen/names", test_names);
  g_test_add_func ("/core/codegen/py-compile", test_py_compile);
  g_test_add_func ("/core/codegen/pytorch/trains-as-neurona", test_pytorch_tutorial_trains);
  g_test_add_func ("/core/codegen/pytorch/dropout-sgd-trains-as-neurona",
                   test_pytorch_dropout_sgd_trains);
  g_test_add_func ("/cli/code/prints-script", test_cli_prints_script);
  g_test_add_func ("/cli/code/default-keras", test_cli_default_keras);
  g_test_add_func ("/cli/code/output-file", test_cli_output_file);
  g_test_add_func ("/cli/code/refused", test_cli_refused);
  g_test_add_func ("/cli/code/unwritable", test_cli_unwritable);
  g_test_add_func ("/cli/code/stdout-full", test_cli_stdout_full);

  return g_test_run ();
}
