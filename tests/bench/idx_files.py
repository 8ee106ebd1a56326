"""The IDX files the Python reference benchmarks read, found and parsed the same way.

Used by torch_fashion.py and sklearn_fashion.py (imported from this folder, which is on
sys.path when either runs as a script).
"""
import gzip
import os
import struct


def find(data_dir, stem, who):
    """The path of stem or stem.gz in data_dir; exits with a message naming who if neither."""
    for name in (stem, stem + ".gz"):
        path = os.path.join(data_dir, name)
        if os.path.exists(path):
            return path
    raise SystemExit(f"{who}: no {stem}[.gz] in {data_dir}")


def read_idx(path):
    """(dims, payload): an IDX file's dimensions and its uint8 data, raw or gzipped."""
    with open(path, "rb") as f:
        gzipped = f.read(2) == b"\x1f\x8b"
    with (gzip.open if gzipped else open)(path, "rb") as f:
        data = f.read()
    magic, = struct.unpack(">I", data[:4])
    ndim = magic & 0xFF
    dims = struct.unpack(">" + "I" * ndim, data[4:4 + 4 * ndim])
    return dims, data[4 + 4 * ndim:]
