#!/usr/bin/env bash
# CI's quick benchmark (a minute or two): scalar, simd and simd_omp epochs for n = 2^12 .. 2^22,
# a few rounds; prints the comparison as markdown, then fails only on the ratio checks of
# scripts/check_ratios.py (never on absolute times). Expects scripts/test.sh to have built.
set -euo pipefail
source "$(dirname "$0")/common.sh"
ensure_packages python3
mkdir -p "$DESCENT_ROOT/results"
json="$DESCENT_ROOT/results/ci-bench.json"
"$DESCENT_ROOT/build/src/cli/descent" bench --min-n 4096 --max-n 4194304 --repetitions 3 --min-time 0.05 \
    --impl scalar --impl simd --impl simd_omp --json "$json" >/dev/null
python3 "$DESCENT_ROOT/scripts/report.py" "$json"
python3 "$DESCENT_ROOT/scripts/check_ratios.py" "$json"
