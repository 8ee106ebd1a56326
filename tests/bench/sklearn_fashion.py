#!/usr/bin/python3
"""The tutorial model in scikit-learn, for comparison with bench-train.

MLPClassifier with one hidden layer of 128 relu units and 10 softmax outputs, Adam with
Keras' settings (lr 1e-3, betas 0.9/0.999, eps 1e-7), no weight penalty, batch 32,
shuffled every epoch, pixels / 255 in float32, on full Fashion-MNIST read from the same
IDX files as Neurona (Debian's dataset-fashion-mnist by default). scikit-learn has no
dropout layer, so this is the tutorial's Fashion-MNIST model (which has none either).
Prints seconds per epoch (wall clock and process CPU time over the whole fit, which is
training only) and the test accuracy.

    /usr/bin/python3 tests/bench/sklearn_fashion.py [--threads N] [--epochs N] [--seed N] [--data-dir DIR]

Needs python3-sklearn (Debian package; /usr/bin/python3, not a pyenv or venv python).
"""
import argparse
import time
import warnings

import numpy as np
from sklearn.exceptions import ConvergenceWarning
from sklearn.neural_network import MLPClassifier
from threadpoolctl import threadpool_limits

import idx_files


def read_idx(path):
    dims, payload = idx_files.read_idx(path)
    return np.frombuffer(payload, dtype=np.uint8).reshape(dims)


def find(data_dir, stem):
    return idx_files.find(data_dir, stem, "sklearn_fashion.py")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--epochs", type=int, default=3)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--data-dir", default="/usr/share/datasets/fashion-mnist")
    args = ap.parse_args()

    def images(stem):
        return read_idx(find(args.data_dir, stem)).reshape(-1, 784).astype(np.float32) / 255.0

    x_train = images("train-images-idx3-ubyte")
    y_train = read_idx(find(args.data_dir, "train-labels-idx1-ubyte"))
    x_test = images("t10k-images-idx3-ubyte")
    y_test = read_idx(find(args.data_dir, "t10k-labels-idx1-ubyte"))

    model = MLPClassifier(hidden_layer_sizes=(128,), activation="relu", solver="adam",
                          alpha=0.0, batch_size=32, learning_rate_init=1e-3, beta_1=0.9,
                          beta_2=0.999, epsilon=1e-7, shuffle=True, random_state=args.seed,
                          max_iter=args.epochs, tol=0.0, n_iter_no_change=args.epochs + 1)
    with threadpool_limits(limits=args.threads), warnings.catch_warnings():
        # max_iter is the number of epochs here, not a convergence limit
        warnings.simplefilter("ignore", ConvergenceWarning)
        wall, cpu = time.perf_counter(), time.process_time()
        model.fit(x_train, y_train)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        accuracy = model.score(x_test, y_test)

    print(f"scikit-learn {__import__('sklearn').__version__}, {args.threads} thread(s), "
          f"{args.epochs} epochs, weights {model.coefs_[0].dtype}")
    print(f"seconds per epoch: {wall / args.epochs:.3f} wall, {cpu / args.epochs:.3f} CPU")
    print(f"final training loss {model.loss_:.4f}, test accuracy {accuracy:.4f}")


if __name__ == "__main__":
    main()
