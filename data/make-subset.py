#!/usr/bin/env python3
"""Makes the committed subset: the first 6,000 training and 1,000 test images of MNIST and
Fashion-MNIST, as gzipped IDX files in data/subset/mnist/ and data/subset/fashion/.

Usage: data/make-subset.py [--mnist DIR] [--fashion DIR] [--train N] [--test N]

DIR holds the four full IDX files (raw or .gz). By default MNIST comes from data/full/mnist
(see data/fetch-full.sh) and Fashion-MNIST from data/full/fashion or Debian's
/usr/share/datasets/fashion-mnist. Python's standard library only. The output is
reproducible: the gzip headers carry no timestamp and no file name.
"""
import argparse
import gzip
import os
import struct
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
STEMS = {
    "train": ("train-images-idx3-ubyte", "train-labels-idx1-ubyte"),
    "test": ("t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"),
}


def find(folder, stem):
    for name in (stem, stem + ".gz"):
        path = os.path.join(folder, name)
        if os.path.exists(path):
            return path
    sys.exit("make-subset: %s: no %s[.gz]" % (folder, stem))


def read_idx(path, magic):
    with open(path, "rb") as f:
        data = f.read()
    if data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    (found,) = struct.unpack(">I", data[:4])
    if found != magic:
        sys.exit("make-subset: %s: wrong magic number 0x%08X, expected 0x%08X" % (path, found, magic))
    n_dims = magic & 0xFF
    dims = struct.unpack(">%dI" % n_dims, data[4:4 + 4 * n_dims])
    body = data[4 + 4 * n_dims:]
    size = 1
    for d in dims:
        size *= d
    if len(body) != size:
        sys.exit("make-subset: %s: expected %d bytes of data, found %d" % (path, size, len(body)))
    return dims, body


def write_idx(path, magic, dims, body):
    header = struct.pack(">I%dI" % len(dims), magic, *dims)
    with open(path + ".tmp", "wb") as raw:
        with gzip.GzipFile(filename="", mode="wb", fileobj=raw, compresslevel=9, mtime=0) as f:
            f.write(header + body)
    os.replace(path + ".tmp", path)


def subset(src, dst, limits):
    os.makedirs(dst, exist_ok=True)
    for part, (images_stem, labels_stem) in STEMS.items():
        n = limits[part]
        dims, pixels = read_idx(find(src, images_stem), 0x803)
        (n_labels,), labels = read_idx(find(src, labels_stem), 0x801)
        if n_labels != dims[0]:
            sys.exit("make-subset: %s: %d labels for %d images" % (src, n_labels, dims[0]))
        n = min(n, dims[0])
        image_size = dims[1] * dims[2]
        write_idx(os.path.join(dst, images_stem + ".gz"), 0x803, (n, dims[1], dims[2]),
                  pixels[: n * image_size])
        write_idx(os.path.join(dst, labels_stem + ".gz"), 0x801, (n,), labels[:n])
        print("%s: %s %d images" % (dst, part, n))


def first_dir(*candidates):
    for c in candidates:
        if os.path.isdir(c) and any(f.startswith("train-images") for f in os.listdir(c)):
            return c
    return candidates[0]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--mnist", default=first_dir(os.path.join(HERE, "full", "mnist"),
                                                 "/tmp/mn/package/data"))
    ap.add_argument("--fashion", default=first_dir(os.path.join(HERE, "full", "fashion"),
                                                   "/usr/share/datasets/fashion-mnist"))
    ap.add_argument("--train", type=int, default=6000)
    ap.add_argument("--test", type=int, default=1000)
    args = ap.parse_args()
    limits = {"train": args.train, "test": args.test}
    subset(args.mnist, os.path.join(HERE, "subset", "mnist"), limits)
    subset(args.fashion, os.path.join(HERE, "subset", "fashion"), limits)


if __name__ == "__main__":
    main()
