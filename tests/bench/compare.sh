#!/usr/bin/env bash
# compare.sh — Neurona against PyTorch and scikit-learn on the same machine, back to back.
#
#   tests/bench/compare.sh [--isa avx2|native] [--rounds N] [--build DIR]
#
# Each round runs, one after the other: the FMA floor of this machine for the kernel path
# (bench-train --floor), Neurona's trainer on one thread and on two (bench-train, 3
# epochs), PyTorch on one thread (tests/bench/torch_fashion.py, 2 epochs) and
# scikit-learn on one thread (tests/bench/sklearn_fashion.py, 2 epochs), all on full
# Fashion-MNIST. It prints each one's seconds per epoch, how many times faster Neurona
# was than each reference in that round, and Neurona's epoch over the floor; then the
# medians of those ratios. A virtual machine's speed drifts from minute to minute; runs a
# few seconds apart see the same machine, so the ratios are steadier than the seconds.
#
# --isa avx2 measures what an AVX2-only CPU gets, on any x86-64 machine that has AVX2:
# Neurona on its AVX2 kernels, OpenBLAS on its Haswell kernels, and PyTorch held to AVX2
# (ATEN_CPU_CAPABILITY=avx2, ONEDNN_MAX_CPU_ISA=AVX2), so neither side uses AVX-512.
# --isa native (the default) lets every program use the best the CPU has.
#
# Needs python3-torch and python3-sklearn (Debian packages).
set -euo pipefail
cd "$(dirname "$0")/../.."
rounds=4
build=build
isa=native
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) rounds=$2; shift 2 ;;
    --build) build=$2; shift 2 ;;
    --isa) isa=$2; shift 2 ;;
    [0-9]*) rounds=$1; shift ;; # the old form: compare.sh ROUNDS
    *) echo "compare.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
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

neurona=("$build/tests/bench-train")
reference_env=()
case "$isa" in
  native) ;;
  avx2)
    neurona+=(--kernels avx2)
    reference_env=(OPENBLAS_CORETYPE=Haswell ATEN_CPU_CAPABILITY=avx2 ONEDNN_MAX_CPU_ISA=AVX2)
    ;;
  *) echo "compare.sh: --isa is avx2 or native" >&2; exit 2 ;;
esac

value() { # pattern command… → the number after the pattern in the command's output
  local pattern=$1; shift
  "${nice[@]}" env "${reference_env[@]}" "$@" 2>&1 |
    sed -n "s/.*$pattern *\([0-9.]*\).*/\1/p" | head -1
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else printf "?" }'; }
median() { sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) print "?"; else if (NR % 2) print v[(NR + 1) / 2]; else printf "%.2f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)
echo "Machine: $cpu, $(nproc) CPUs; instruction sets: $isa"
printf '%-5s %8s %9s %9s %9s %9s   %s\n' round floor neurona-1 neurona-2 pytorch-1 sklearn-1 \
  'PyTorch/Neurona-1, PyTorch/Neurona-2, scikit-learn/Neurona-1, Neurona-1/floor'
declare -a r_pt1 r_pt2 r_sk r_floor
for r in $(seq "$rounds"); do
  fl=$(value 'floor seconds per epoch:' "${neurona[@]}" --no-kernels --kernels-only --floor)
  n1=$(value 'seconds per epoch:' "${neurona[@]}" --no-kernels --epochs 3 --threads 1)
  n2=$(value 'seconds per epoch:' "${neurona[@]}" --no-kernels --epochs 3 --threads 2)
  pt=$(value 'seconds per epoch:' /usr/bin/python3 tests/bench/torch_fashion.py --threads 1 --epochs 2)
  sk=$(value 'seconds per epoch:' /usr/bin/python3 tests/bench/sklearn_fashion.py --threads 1 --epochs 2)
  r_pt1+=("$(ratio "$pt" "$n1")")
  r_pt2+=("$(ratio "$pt" "$n2")")
  r_sk+=("$(ratio "$sk" "$n1")")
  r_floor+=("$(ratio "$n1" "$fl")")
  printf '%-5s %8s %9s %9s %9s %9s   %s×, %s×, %s×, %s×\n' "$r" "$fl" "$n1" "$n2" "$pt" "$sk" \
    "${r_pt1[-1]}" "${r_pt2[-1]}" "${r_sk[-1]}" "${r_floor[-1]}"
done
echo "Medians over $rounds rounds: PyTorch/Neurona-1 $(printf '%s\n' "${r_pt1[@]}" | median)×," \
  "PyTorch/Neurona-2 $(printf '%s\n' "${r_pt2[@]}" | median)×," \
  "scikit-learn/Neurona-1 $(printf '%s\n' "${r_sk[@]}" | median)×," \
  "Neurona-1/floor $(printf '%s\n' "${r_floor[@]}" | median)×"
echo "Targets (issue 'Every CPU'): PyTorch/Neurona-1 ≥ 5, PyTorch/Neurona-2 ≥ 7.5, Neurona-1/floor ≤ 2.5."
