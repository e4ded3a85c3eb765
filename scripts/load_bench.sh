#!/usr/bin/env bash
# How long a user waits before the first epoch: `descent train` reading a generated 1 GB CSV
# (2 and 11 columns) against pandas' read_csv and numpy's loadtxt, in one run, with each
# reader's peak resident size. Extra arguments go to scripts/load_bench.py (--size-gb 0.1 for
# a quick look, --reps N, --dir DIR for where the CSVs are kept between runs).
set -euo pipefail
source "$(dirname "$0")/common.sh"
ensure_packages python3-numpy python3-pandas
build_descent "$DESCENT_ROOT/build"
/usr/bin/python3 "$DESCENT_ROOT/scripts/load_bench.py" --descent "$DESCENT_ROOT/build/src/cli/descent" "$@"
