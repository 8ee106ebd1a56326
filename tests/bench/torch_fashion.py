#!/usr/bin/python3
"""The tutorial model in PyTorch, for comparison with bench-train.

784-128(relu)-Dropout(0.2)-10, Adam (Keras defaults: lr 1e-3, betas 0.9/0.999, eps 1e-7),
batch 32, shuffled every epoch, pixels / 255, on full Fashion-MNIST read from the same IDX
files as Neurona (Debian's dataset-fashion-mnist by default). Prints seconds per epoch
(training only, like Neurona's trainer; wall clock and process CPU time) and the test
accuracy after each epoch.

    /usr/bin/python3 tests/bench/torch_fashion.py [--threads N] [--epochs N] [--seed N] [--data-dir DIR]

Needs python3-torch (Debian package; /usr/bin/python3, not a pyenv or venv python).
"""
import argparse
import time

import torch

import idx_files


def read_idx(path):
    dims, payload = idx_files.read_idx(path)
    return torch.frombuffer(bytearray(payload), dtype=torch.uint8).reshape(dims)


def find(data_dir, stem):
    return idx_files.find(data_dir, stem, "torch_fashion.py")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--epochs", type=int, default=3)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--data-dir", default="/usr/share/datasets/fashion-mnist")
    args = ap.parse_args()

    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)

    x_train = read_idx(find(args.data_dir, "train-images-idx3-ubyte")).reshape(-1, 784).float() / 255.0
    y_train = read_idx(find(args.data_dir, "train-labels-idx1-ubyte")).long()
    x_test = read_idx(find(args.data_dir, "t10k-images-idx3-ubyte")).reshape(-1, 784).float() / 255.0
    y_test = read_idx(find(args.data_dir, "t10k-labels-idx1-ubyte")).long()

    model = torch.nn.Sequential(
        torch.nn.Linear(784, 128), torch.nn.ReLU(), torch.nn.Dropout(0.2), torch.nn.Linear(128, 10))
    # Keras' Glorot-uniform weights and zero biases, as Neurona initialises them.
    for layer in (model[0], model[3]):
        torch.nn.init.xavier_uniform_(layer.weight)
        torch.nn.init.zeros_(layer.bias)
    opt = torch.optim.Adam(model.parameters(), lr=1e-3, betas=(0.9, 0.999), eps=1e-7)
    loss_fn = torch.nn.CrossEntropyLoss()
    n = x_train.shape[0]
    print(f"PyTorch {torch.__version__}, {torch.get_num_threads()} thread(s), "
          f"{n} training images, batch 32")

    times, cpu_times = [], []
    for epoch in range(1, args.epochs + 1):
        model.train()
        perm = torch.randperm(n)
        t0, c0 = time.perf_counter(), time.process_time()
        for start in range(0, n, 32):
            idx = perm[start:start + 32]
            opt.zero_grad(set_to_none=True)
            loss = loss_fn(model(x_train[idx]), y_train[idx])
            loss.backward()
            opt.step()
        times.append(time.perf_counter() - t0)
        cpu_times.append(time.process_time() - c0)
        model.eval()
        with torch.no_grad():
            acc = (model(x_test).argmax(1) == y_test).float().mean().item()
        print(f"  epoch {epoch}/{args.epochs}: {times[-1]:.3f} s, test accuracy {acc:.4f}")
    # CPU time of the whole process (all its threads): on a machine shared with other
    # work it leaves out the time spent waiting for a core.
    print(f"  seconds per epoch: {sum(times) / len(times):.3f} wall (mean of {len(times)}), "
          f"{sum(cpu_times) / len(cpu_times):.3f} CPU (all threads)")
    print(f"  test accuracy after {args.epochs} epochs: {acc:.4f}")


if __name__ == "__main__":
    main()
