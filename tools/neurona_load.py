#!/usr/bin/python3
"""Use a network trained in Neurona from NumPy, or rebuild it in PyTorch.

A Neurona run is a folder (in ~/.local/share/neurona/runs/ unless NEURONA_RUNS_DIR
says otherwise) holding ``run.json``, the run's settings and history, and
``model.safetensors``, its weights. This module reads both with NumPy alone (no
``safetensors`` package needed: Debian 12 has none), predicts exactly as Neurona does,
and builds the same network as a ``torch.nn.Sequential`` when PyTorch is installed.

In a notebook::

    import sys
    sys.path.insert(0, "/path/to/neurona/tools")
    import neurona_load

    run = neurona_load.load_run("~/.local/share/neurona/runs/20261201-223544-5f3a")
    print(run.name, run.layers, run.test_accuracy)

    images, labels = neurona_load.read_idx("t10k-images-idx3-ubyte.gz",
                                           "t10k-labels-idx1-ubyte.gz")
    probs = run.predict(images)            # (n, 10) float32, rows sum to 1
    predicted = probs.argmax(axis=1)
    loss, accuracy = run.evaluate(images, labels)

    run.weights["dense_0.weight"].shape    # (128, 784): (out, in), as nn.Linear keeps it

    model = run.to_torch()                 # nn.Sequential(Linear, ReLU, Linear), eval mode
    logits = model(run.torch_input(images))

The network's input is the 28 x 28 pixels flattened row by row, as uint8 values times
``run.pixel_scale`` (1/255, or 1 for a run trained on unscaled pixels); its output is
logits, and a softmax over them gives the class probabilities. ``predict`` and
``torch_input`` do the scaling for you.

From the command line::

    python3 tools/neurona_load.py RUN_DIR
    python3 tools/neurona_load.py RUN_DIR --images t10k-images-idx3-ubyte.gz \\
        --labels t10k-labels-idx1-ubyte.gz [--limit N] [--torch]

prints the run's settings and, given IDX files (gzipped or not), its test accuracy and
loss on them (``test_accuracy: 0.8765``); ``--torch`` evaluates the PyTorch rebuild too.
Neurona evaluated a run on the first ``test_size`` test images: ``--limit`` with that
number gives the same figures as the run recorded.
"""

import argparse
import gzip
import json
import math
import os
import struct
import sys

try:
    import numpy as np
except ImportError:  # reported by _need_numpy(), so importing this module never fails
    np = None

__all__ = ["NeuronaLoadError", "Run", "load_run", "read_idx", "ACTIVATIONS"]

RUN_FILE = "run.json"
WEIGHTS_FILE = "model.safetensors"
RUN_FORMAT_VERSION = 2
# safetensors caps its header at 100 MB; Neurona's are a few hundred bytes.
MAX_HEADER_BYTES = 100 * 1000 * 1000

# The activations of src/core/layers.c, with its constants, all in float32.
LEAKY_RELU_SLOPE = 0.3  # Keras' LeakyReLU default
ELU_ALPHA = 1.0
GELU_C = 0.7978845608028654  # sqrt(2 / pi)
GELU_A = 0.044715
ACTIVATIONS = ("linear", "relu", "sigmoid", "tanh", "leaky_relu", "elu", "gelu")


class NeuronaLoadError(Exception):
    """A run folder, run.json, model.safetensors or IDX file that cannot be used.

    The message starts with the file's path."""


def _need_numpy():
    if np is None:
        raise ImportError("neurona_load needs NumPy (on Debian: apt install python3-numpy; "
                          "elsewhere: pip install numpy)")


def _fail(path, problem):
    raise NeuronaLoadError("%s: %s" % (path, problem))


# ---- activations ---------------------------------------------------------------------


def _activation(name, x):
    """x: float32 array; returns float32, computed as layers.c does."""
    f32 = np.float32
    if name == "linear":
        return x
    if name == "relu":
        return np.where(x < f32(0), f32(0), x)
    if name == "sigmoid":
        # Never exponentiates a large positive number, as layers.c.
        e = np.exp(-np.abs(x))
        return np.where(x >= f32(0), f32(1) / (f32(1) + e), e / (f32(1) + e)).astype(f32)
    if name == "tanh":
        return np.tanh(x)
    if name == "leaky_relu":
        return np.where(x > f32(0), x, f32(LEAKY_RELU_SLOPE) * x)
    if name == "elu":
        return np.where(x > f32(0), x, f32(ELU_ALPHA) * np.expm1(np.minimum(x, f32(0))))
    if name == "gelu":
        inner = f32(GELU_C) * (x + f32(GELU_A) * x * x * x)
        return f32(0.5) * x * (f32(1) + np.tanh(inner))
    raise ValueError("unknown activation %r" % (name,))


def _torch_activation(nn, name):
    if name == "relu":
        return nn.ReLU()
    if name == "sigmoid":
        return nn.Sigmoid()
    if name == "tanh":
        return nn.Tanh()
    if name == "leaky_relu":
        return nn.LeakyReLU(LEAKY_RELU_SLOPE)
    if name == "elu":
        return nn.ELU(alpha=ELU_ALPHA)
    if name == "gelu":
        return nn.GELU(approximate="tanh")
    if name == "linear":
        return nn.Identity()
    raise ValueError("unknown activation %r" % (name,))


# ---- run.json ------------------------------------------------------------------------


def _member(path, obj, key, kinds, where="run.json"):
    if not isinstance(obj, dict) or key not in obj:
        _fail(path, "no “%s” in %s" % (key, where))
    value = obj[key]
    # bool is an int in Python: refuse it where a number is wanted.
    if not isinstance(value, kinds) or (isinstance(value, bool) and bool not in kinds):
        _fail(path, "“%s” has a value of the wrong type" % key)
    return value


def _read_run_json(path):
    # Checked before opening: opening a named pipe would wait for a writer for ever.
    if os.path.exists(path) and not os.path.isfile(path):
        _fail(path, "not a saved run (not a regular file)")
    try:
        with open(path, "rb") as f:
            data = f.read(16 * 1024 * 1024 + 1)
    except OSError as e:
        _fail(path, "cannot read: %s" % (e.strerror or e))
    if len(data) > 16 * 1024 * 1024:
        _fail(path, "far too large for a run")
    try:
        text = data.decode("utf-8-sig")
        root = json.loads(text)
    except (UnicodeDecodeError, ValueError) as e:
        _fail(path, "not a Neurona run (not valid JSON: %s)" % e)
    if not isinstance(root, dict) or root.get("format") != "neurona-run":
        _fail(path, "not a Neurona run (no \"format\": \"neurona-run\")")
    version = root.get("format_version")
    if version != RUN_FORMAT_VERSION:
        _fail(path, "run.json format version %r; this loader reads version %d"
              % (version, RUN_FORMAT_VERSION))
    return root


# ---- safetensors ---------------------------------------------------------------------


def _read_safetensors(path, expected):
    """The F32 tensors of a safetensors file, checked against expected {name: shape}.

    Returns ({name: float32 array}, metadata dict)."""
    if os.path.exists(path) and not os.path.isfile(path):
        _fail(path, "not a model file (not a regular file)")
    try:
        with open(path, "rb") as f:
            data = f.read()
    except OSError as e:
        _fail(path, "cannot read: %s" % (e.strerror or e))
    if len(data) < 8:
        _fail(path, "truncated: %d bytes, not even a safetensors header" % len(data))
    (header_len,) = struct.unpack("<Q", data[:8])
    if header_len < 2 or header_len > MAX_HEADER_BYTES or header_len > len(data) - 8:
        _fail(path, "not a safetensors file, or truncated (its header would be %d bytes in a "
              "file of %d)" % (header_len, len(data)))
    try:
        header = json.loads(data[8:8 + header_len].decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as e:
        _fail(path, "not a safetensors file (its header is not valid JSON: %s)" % e)
    if not isinstance(header, dict):
        _fail(path, "not a safetensors file (its header is not a JSON object)")
    metadata = header.pop("__metadata__", {})
    if not isinstance(metadata, dict):
        _fail(path, "not a safetensors file (its __metadata__ is not an object)")
    body = data[8 + header_len:]

    missing = [name for name in expected if name not in header]
    if missing:
        _fail(path, "no tensor “%s” (not a model of this run, or not a Neurona model)"
              % missing[0])
    extra = sorted(set(header) - set(expected))
    if extra:
        _fail(path, "holds other tensors than this run's network (%s)" % ", ".join(extra))

    tensors = {}
    ranges = []
    for name, shape in expected.items():
        entry = header[name]
        if not isinstance(entry, dict) or not {"dtype", "shape", "data_offsets"} <= set(entry):
            _fail(path, "tensor “%s” lacks its dtype, shape or data_offsets" % name)
        if entry["dtype"] != "F32":
            _fail(path, "tensor “%s” is %s; Neurona's weights are F32" % (name, entry["dtype"]))
        got = entry["shape"]
        if (not isinstance(got, list) or
                not all(isinstance(d, int) and not isinstance(d, bool) for d in got) or
                tuple(got) != tuple(shape)):
            _fail(path, "tensor “%s” has shape %s, but this run's network needs %s"
                  % (name, json.dumps(got), list(shape)))
        offsets = entry["data_offsets"]
        if (not isinstance(offsets, list) or len(offsets) != 2 or
                not all(isinstance(o, int) and not isinstance(o, bool) for o in offsets)):
            _fail(path, "tensor “%s” has malformed data_offsets" % name)
        begin, end = offsets
        if begin < 0 or end < begin or end > len(body):
            _fail(path, "tensor “%s” lies outside the file's data (truncated?)" % name)
        count = math.prod(shape)
        if end - begin != 4 * count:
            _fail(path, "tensor “%s” has %d bytes of data for %d values"
                  % (name, end - begin, count))
        array = np.frombuffer(body, dtype="<f4", count=count, offset=begin)
        tensors[name] = array.astype(np.float32).reshape(shape)
        ranges.append((begin, end))
    # The tensors tile the data exactly: no gap, no overlap, nothing after them.
    position = 0
    for begin, end in sorted(ranges):
        if begin != position:
            _fail(path, "its tensors overlap or leave gaps in the data")
        position = end
    if position != len(body):
        _fail(path, "holds data that no tensor points at (%d bytes)" % (len(body) - position))
    for name, array in tensors.items():
        if not np.isfinite(array).all():
            _fail(path, "tensor “%s” holds a value that is not a finite number (corrupt?)"
                  % name)
    return tensors, metadata


# ---- the run ---------------------------------------------------------------------------


class Run:
    """A saved Neurona run: its settings, its figures and its weights.

    Attributes:
        path: the run's folder.
        id, name, note, dataset: from run.json ("fashion" or "mnist" for dataset).
        input_size: 784 (28 x 28 pixels).
        layers: [(units, activation, dropout)] for each dense layer, the last one the
            output layer ("linear").
        normalize: whether pixels were scaled to [0, 1]; pixel_scale: 1/255 or 1.
        test_size: how many test images the run was evaluated on (the first ones).
        test_accuracy, test_loss: its last epoch's figures (None when it had no test).
        weights: {"dense_0.weight": (out, in) float32, "dense_0.bias": (out,), ...}.
        metadata: model.safetensors' __metadata__.
        record: the whole run.json, as parsed.
    """

    def __init__(self, path, record, weights, metadata):
        self.path = path
        self.record = record
        self.id = os.path.basename(os.path.normpath(path))
        self.name = record["name"]
        self.note = record.get("note", "")
        self.dataset = record["dataset"]
        self.input_size = record["input_size"]
        self.layers = [(layer["units"], layer["activation"], layer.get("dropout", 0.0))
                       for layer in record["layers"]]
        self.normalize = record["normalize"]
        self.pixel_scale = 1.0 / 255.0 if self.normalize else 1.0
        self.test_size = record.get("test_size", 0)
        self.test_accuracy = record.get("test_accuracy")
        self.test_loss = record.get("test_loss")
        self.weights = weights
        self.metadata = metadata

    def __repr__(self):
        return "<neurona_load.Run %s “%s”: %s>" % (
            self.id, self.name,
            " → ".join(["%d" % self.input_size] +
                       ["%d %s" % (units, act) for units, act, _ in self.layers]))

    @property
    def outputs(self):
        return self.layers[-1][0]

    def _pixels(self, pixels):
        pixels = np.asarray(pixels)
        if pixels.dtype != np.uint8:
            raise TypeError("pixels must be uint8 (0…255), as in the IDX files; got %s"
                            % pixels.dtype)
        if pixels.size % self.input_size != 0:
            raise ValueError("pixels must be (n, %d) or (n, 28, 28); got shape %s"
                             % (self.input_size, pixels.shape))
        x = pixels.reshape(-1, self.input_size).astype(np.float32)
        # A correctly rounded division, as Neurona does (not a multiply by 1/255).
        if self.normalize:
            x /= np.float32(255)
        return x

    def logits(self, pixels):
        """pixels: uint8 (n, 784) or (n, 28, 28). Returns float32 (n, outputs)."""
        x = self._pixels(pixels)
        for i, (_, activation, _) in enumerate(self.layers):
            w = self.weights["dense_%d.weight" % i]
            b = self.weights["dense_%d.bias" % i]
            x = (x @ w.T + b).astype(np.float32)
            if i + 1 < len(self.layers):
                x = _activation(activation, x)
        return x

    def predict(self, pixels):
        """Class probabilities (softmax of the logits), float32 (n, outputs)."""
        probs, _ = _softmax(self.logits(pixels))
        return probs

    def evaluate(self, pixels, labels):
        """(mean cross-entropy loss, accuracy) over the images, as Neurona computes them."""
        labels = np.asarray(labels).astype(np.int64).reshape(-1)
        logits = self.logits(pixels)
        if labels.shape[0] != logits.shape[0]:
            raise ValueError("%d labels for %d images" % (labels.shape[0], logits.shape[0]))
        if labels.size and labels.max() >= self.outputs:
            raise ValueError("label %d does not fit the output layer (%d units)"
                             % (labels.max(), self.outputs))
        return _loss_accuracy(logits, labels)

    def torch_input(self, pixels):
        """The pixels as the float32 torch tensor (n, 784) that to_torch() takes."""
        torch = _import_torch()
        return torch.from_numpy(self._pixels(pixels))

    def to_torch(self):
        """The network as torch.nn.Sequential (Linear, activation, [Dropout], …, Linear),
        in eval mode, with the run's weights copied in. Its input is torch_input(pixels);
        its output, logits."""
        torch = _import_torch()
        nn = torch.nn
        modules = []
        fan_in = self.input_size
        for i, (units, activation, dropout) in enumerate(self.layers):
            linear = nn.Linear(fan_in, units)
            with torch.no_grad():
                linear.weight.copy_(torch.from_numpy(self.weights["dense_%d.weight" % i]))
                linear.bias.copy_(torch.from_numpy(self.weights["dense_%d.bias" % i]))
            modules.append(linear)
            if i + 1 < len(self.layers):
                modules.append(_torch_activation(nn, activation))
                if dropout > 0:
                    modules.append(nn.Dropout(dropout))
            fan_in = units
        return nn.Sequential(*modules).eval()


def _import_torch():
    try:
        import torch
    except ImportError:
        raise ImportError("to_torch() needs PyTorch, which is not installed (on Debian: apt "
                          "install python3-torch; elsewhere: pip install torch). predict() "
                          "and evaluate() work with NumPy alone.") from None
    return torch


def _softmax(logits):
    """Probabilities and the log of each row's sum, as layers.c: float32 exponentials of
    logits minus the row's maximum, summed in double."""
    top = logits.max(axis=1, keepdims=True)
    e = np.exp(logits - top).astype(np.float32)
    total = e.astype(np.float64).sum(axis=1, keepdims=True)
    return (e / total).astype(np.float32), top.astype(np.float64) + np.log(total)


def _loss_accuracy(logits, labels):
    n = logits.shape[0]
    if n == 0:
        return float("nan"), float("nan")
    _, log_total = _softmax(logits)
    picked = logits[np.arange(n), labels].astype(np.float64)
    loss = float(np.mean(log_total[:, 0] - picked))
    # argmax takes the first of equal maxima, as Neurona does.
    accuracy = float(np.count_nonzero(logits.argmax(axis=1) == labels)) / n
    return loss, accuracy


def load_run(run_dir):
    """Reads a run folder (or its run.json): settings and weights, all checked.

    Raises NeuronaLoadError naming the file when the run has no weights, or when run.json
    or model.safetensors is missing, truncated, corrupt, foreign or of another shape."""
    _need_numpy()
    run_dir = os.path.expanduser(os.fspath(run_dir))
    if os.path.basename(run_dir) == RUN_FILE and not os.path.isdir(run_dir):
        run_dir = os.path.dirname(run_dir) or "."
    if not os.path.isdir(run_dir):
        if run_dir.endswith(".run"):
            _fail(run_dir, "a run saved by Neurona 0.1, which kept only settings and history, "
                  "no weights")
        _fail(run_dir, "not a run folder (a run is a folder with %s and %s)"
              % (RUN_FILE, WEIGHTS_FILE))
    json_path = os.path.join(run_dir, RUN_FILE)
    if not os.path.exists(json_path):
        _fail(run_dir, "not a Neurona run (no %s in it)" % RUN_FILE)
    record = _read_run_json(json_path)

    input_size = _member(json_path, record, "input_size", (int,))
    layers = _member(json_path, record, "layers", (list,))
    _member(json_path, record, "normalize", (bool,))
    _member(json_path, record, "name", (str,))
    _member(json_path, record, "dataset", (str,))
    if input_size < 1 or not layers:
        _fail(json_path, "a network without inputs or layers")
    expected = {}
    fan_in = input_size
    for i, layer in enumerate(layers):
        where = "layer %d" % (i + 1)
        units = _member(json_path, layer, "units", (int,), where)
        activation = _member(json_path, layer, "activation", (str,), where)
        dropout = _member(json_path, layer, "dropout", (int, float), where)
        if units < 1 or activation not in ACTIVATIONS or not 0 <= dropout < 1:
            _fail(json_path, "%s is not a layer Neurona builds (%r units, %r, dropout %r)"
                  % (where, units, activation, dropout))
        expected["dense_%d.weight" % i] = (units, fan_in)
        expected["dense_%d.bias" % i] = (units,)
        fan_in = units
    if layers[-1]["activation"] != "linear":
        _fail(json_path, "the output layer is not linear (logits)")

    if record.get("weights") is None:
        _fail(run_dir, "the run has no saved weights (stopped before its first epoch ended, "
              "or imported from Neurona 0.1)")
    weights_path = os.path.join(run_dir, WEIGHTS_FILE)
    if not os.path.exists(weights_path):
        _fail(weights_path, "cannot read: No such file or directory")
    weights, metadata = _read_safetensors(weights_path, expected)
    want = ",".join(layer["activation"] for layer in layers)
    if "activations" in metadata and metadata["activations"] != want:
        _fail(weights_path, "a network with activations “%s”, but this run's has “%s”"
              % (metadata["activations"], want))
    return Run(run_dir, record, weights, metadata)


# ---- IDX files ---------------------------------------------------------------------------


def _read_idx_file(path, magic, rank):
    if os.path.exists(path) and not os.path.isfile(path):
        _fail(path, "not an IDX file (not a regular file)")
    try:
        with open(path, "rb") as f:
            data = f.read()
    except OSError as e:
        _fail(path, "cannot read: %s" % (e.strerror or e))
    if data[:2] == b"\x1f\x8b":
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError) as e:
            _fail(path, "corrupt gzip data: %s" % e)
    header = 4 + 4 * rank
    if len(data) < header:
        _fail(path, "truncated: not even an IDX header")
    got_magic, *dims = struct.unpack(">I%dI" % rank, data[:header])
    if got_magic != magic:
        _fail(path, "not an IDX %s file (magic 0x%08x, expected 0x%08x)"
              % ("images" if rank == 3 else "labels", got_magic, magic))
    size = math.prod(dims)
    if len(data) - header != size:
        _fail(path, "%d bytes of data where its header declares %d"
              % (len(data) - header, size))
    return np.frombuffer(data, dtype=np.uint8, offset=header).reshape(dims)


def read_idx(images_path, labels_path, limit=None):
    """The images (n, 28, 28) uint8 and labels (n,) uint8 of two IDX files, gzipped or
    not (told from the content); the first `limit` of them when limit is given."""
    _need_numpy()
    images = _read_idx_file(images_path, 0x00000803, 3)
    labels = _read_idx_file(labels_path, 0x00000801, 1)
    if images.shape[0] != labels.shape[0]:
        _fail(labels_path, "%d labels for %d images in %s"
              % (labels.shape[0], images.shape[0], images_path))
    if limit is not None:
        images, labels = images[:limit], labels[:limit]
    return images, labels


# ---- command line ------------------------------------------------------------------------


def _torch_loss_accuracy(run, images, labels):
    torch = _import_torch()
    model = run.to_torch()
    with torch.no_grad():
        logits = model(run.torch_input(images)).numpy()
    return _loss_accuracy(logits, np.asarray(labels).astype(np.int64))


def main(argv=None):
    parser = argparse.ArgumentParser(
        description="Read a Neurona run with NumPy and evaluate it on IDX files.")
    parser.add_argument("run_dir", metavar="RUN_DIR", help="the run's folder (or its run.json)")
    parser.add_argument("--images", help="IDX images file (gzipped or not)")
    parser.add_argument("--labels", help="IDX labels file (gzipped or not)")
    parser.add_argument("--limit", type=int, metavar="N", help="only the first N images")
    parser.add_argument("--torch", action="store_true",
                        help="evaluate the PyTorch rebuild of the network too")
    args = parser.parse_args(argv)
    if (args.images is None) != (args.labels is None):
        parser.error("--images and --labels go together")
    if args.limit is not None and args.limit < 1:
        parser.error("--limit must be at least 1")
    if np is None:
        print("neurona_load.py: needs NumPy (on Debian: apt install python3-numpy; "
              "elsewhere: pip install numpy)", file=sys.stderr)
        return 2

    try:
        run = load_run(args.run_dir)
        print("run: %s" % run.id)
        print("name: %s" % run.name)
        print("network: %s" % " → ".join(
            ["%d" % run.input_size] + ["%d %s" % (u, a) + (" dropout %g" % d if d else "")
                                       for u, a, d in run.layers]))
        print("pixel_scale: %s" % ("1/255" if run.normalize else "1"))
        if run.test_accuracy is not None:
            print("recorded_test_accuracy: %r (first %d test images)"
                  % (run.test_accuracy, run.test_size))
            print("recorded_test_loss: %r" % run.test_loss)
        if args.images is None:
            return 0
        images, labels = read_idx(args.images, args.labels, args.limit)
        loss, accuracy = run.evaluate(images, labels)
        print("images: %d" % len(labels))
        print("test_accuracy: %r" % accuracy)
        print("test_loss: %r" % loss)
        if args.torch:
            torch_loss, torch_accuracy = _torch_loss_accuracy(run, images, labels)
            print("torch_test_accuracy: %r" % torch_accuracy)
            print("torch_test_loss: %r" % torch_loss)
    except (NeuronaLoadError, ImportError, ValueError, TypeError) as e:
        print("neurona_load.py: %s" % e, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
