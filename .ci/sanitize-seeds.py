#!/usr/bin/env python3
"""Seed corpora for tests/fuzz: the committed subset's headers and a few hand-made files.

Usage: .ci/sanitize-seeds.py OUT  (writes OUT/idx-seed and OUT/cli-seed; see fuzz-*.c for
what the first byte of each input means)."""
import gzip, os, struct, sys

out = sys.argv[1]
root = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..')
idx, cli = os.path.join(out, 'idx-seed'), os.path.join(out, 'cli-seed')
os.makedirs(idx, exist_ok=True)
os.makedirs(cli, exist_ok=True)

def seed(name, mode, payload):
    with open(os.path.join(idx, name), 'wb') as f:
        f.write(bytes([mode]) + payload)

for ds in ('fashion', 'mnist'):
    sub = os.path.join(root, 'data', 'subset', ds)
    images = gzip.open(os.path.join(sub, 't10k-images-idx3-ubyte.gz')).read()
    labels = gzip.open(os.path.join(sub, 't10k-labels-idx1-ubyte.gz')).read()
    img = struct.pack('>IIII', 0x803, 3, 28, 28) + images[16:16 + 3 * 784]
    lab = struct.pack('>II', 0x801, 3) + labels[8:11]
    seed(ds + '-images', 0, img)
    seed(ds + '-images-gzipped-by-harness', 2, img)
    seed(ds + '-images-gz-bytes', 0, gzip.compress(img, mtime=0))
    seed(ds + '-images-header-only', 0, images[:16])
    seed(ds + '-labels', 1, lab)
    seed(ds + '-labels-gzipped-by-harness', 3, lab)
    seed(ds + '-pair', 4, struct.pack('<H', len(img)) + img + lab)
    seed(ds + '-pair-gz', 6, struct.pack('<H', len(img)) + img + lab)

seed('empty-set', 0, struct.pack('>IIII', 0x803, 0, 28, 28))
seed('zero-rows', 0, struct.pack('>IIII', 0x803, 1, 0, 28))
seed('huge', 0, struct.pack('>IIII', 0x803, 0xffffffff, 0xffff, 0xffff))
seed('big-in-small-file', 0, struct.pack('>IIII', 0x803, 2000, 1000, 1000))
seed('labels-as-images', 0, struct.pack('>II', 0x801, 2) + b'\x01\x02')
seed('multi-member', 1, gzip.compress(struct.pack('>II', 0x801, 2), mtime=0)
     + gzip.compress(b'\x01\x02', mtime=0))
seed('trailing-garbage', 1, gzip.compress(struct.pack('>II', 0x801, 2) + b'\x01\x02', mtime=0) + b'xx')
seed('one-by-one', 0, struct.pack('>IIII', 0x803, 2, 1, 1) + b'\x00\xff')

cli_seeds = [
    b'\x00--units\n128,64\n--epochs\n1',
    b'\x00--units\n4096,4096,4096,4096,4096,4096,4096,4096\n--batch-size\n65536',
    b'\x00--dropout\n0.2\n--activation\nrelu\n--outputs\n5',
    b'\x00--learning-rate\n1e-3\n--optimizer\nsgd\n--momentum\n0.9',
    b'\x00--seed\n18446744073709551615\n--threads\n2\n--train-limit\n4294967295',
    b'\x00--dataset\nmnist\n--json\n-q',
    b'\x00--units\nnone\n--activation\ntanh,relu',
    b'\x01--degree\n9\n--points\n10\n--lo\n-1e308\n--hi\n1e308',
    b'\x01--target\nexp\n--learning-rate\n1e-9\n--seed\n5',
    b'\x01--degree\n3\n--points\n1000000',
    b'\x01--lo\n5\n--hi\n5\n--json',
]
for i, s in enumerate(cli_seeds):
    with open(os.path.join(cli, 'seed-%02d' % i), 'wb') as f:
        f.write(s)
