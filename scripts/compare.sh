#!/usr/bin/env bash
# Compares two saved runs of the per-kernel benchmark (say main against a branch) with Google
# Benchmark's compare.py, which reports each benchmark's change and a U-test over repetitions.
#   build/bench/descent_kernels_bench --benchmark_repetitions=5 --benchmark_out=BASE.json --benchmark_out_format=json
#   (switch branch, rebuild, the same with NEW.json)
#   scripts/compare.sh BASE.json NEW.json
set -euo pipefail
[ $# -eq 2 ] || { echo "usage: scripts/compare.sh BASE.json NEW.json" >&2; exit 2; }
source "$(dirname "$0")/common.sh"
ensure_packages libbenchmark-tools python3-scipy
/usr/bin/python3 /usr/share/benchmark/compare.py benchmarks "$1" "$2"
