#!/usr/bin/env bash
# compare.sh — Neurona against PyTorch and scikit-learn on the same machine, back to back.
#
#   tests/bench/compare.sh [ROUNDS] [BUILD_DIR]
#
# Each round runs, one after the other: Neurona's trainer on one thread and on two
# (bench-train, 3 epochs), PyTorch on one thread (tests/bench/torch_fashion.py, 2 epochs)
# and scikit-learn on one thread (tests/bench/sklearn_fashion.py, 2 epochs), all on full
# Fashion-MNIST, and prints each one's seconds per epoch and how many times faster
# Neurona was than each reference in that round. A virtual machine's speed drifts from
# minute to minute; runs a few seconds apart see the same machine, so the ratios are
# steadier than the seconds. Needs python3-torch and python3-sklearn (Debian packages).
set -euo pipefail
cd "$(dirname "$0")/../.."
rounds=${1:-3}
build=${2:-build}
nice=()
[ "$(id -u)" = 0 ] && nice=(nice -n -20)

if [ ! -x "$build/tests/bench-train" ]; then
  echo "compare.sh: no $build/tests/bench-train; run ./setup.sh first" >&2
  exit 2
fi
for m in torch:python3-torch sklearn:python3-sklearn; do
  if ! /usr/bin/python3 -c "import ${m%%:*}" 2>/dev/null; then
    echo "compare.sh: /usr/bin/python3 cannot import ${m%%:*}; apt-get install ${m#*:}" >&2
    exit 2
  fi
done

spe() { # command… → seconds per epoch from its "seconds per epoch: X" line
  "${nice[@]}" "$@" 2>&1 | sed -n 's/.*seconds per epoch: \([0-9.]*\).*/\1/p' | head -1
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.1f", a / b; else printf "?" }'; }

printf '%-6s %10s %10s %10s %10s   %s\n' round neurona-1 neurona-2 pytorch-1 sklearn-1 \
  'PyTorch / Neurona-1, -2; scikit-learn / Neurona-1'
for r in $(seq "$rounds"); do
  n1=$(spe "$build/tests/bench-train" --no-kernels --epochs 3 --threads 1)
  n2=$(spe "$build/tests/bench-train" --no-kernels --epochs 3 --threads 2)
  pt=$(spe /usr/bin/python3 tests/bench/torch_fashion.py --threads 1 --epochs 2)
  sk=$(spe /usr/bin/python3 tests/bench/sklearn_fashion.py --threads 1 --epochs 2)
  printf '%-6s %10s %10s %10s %10s   %s×, %s×; %s×\n' "$r" "$n1" "$n2" "$pt" "$sk" \
    "$(ratio "$pt" "$n1")" "$(ratio "$pt" "$n2")" "$(ratio "$sk" "$n1")"
done
echo "The issue's targets against PyTorch's 0.72 s: 4.8× on one thread (0.15 s), 7.2× on two (0.10 s)."
