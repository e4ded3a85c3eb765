#!/usr/bin/env bash
# The main job: install what is missing, build Release, check every implementation against the
# reference, then measure gradient-descent throughput as n grows beside the peers (Eigen, BLAS,
# numpy, PyTorch), and draw the pictures.
# Extra arguments go to `descent bench` (e.g. --max-n 4194304 for a quicker run).
set -euo pipefail
source "$(dirname "$0")/common.sh"
ensure_packages python3-matplotlib python3-numpy python3-torch
build_descent "$DESCENT_ROOT/build"
descent="$DESCENT_ROOT/build/src/cli/descent"
mkdir -p "$DESCENT_ROOT/results"

echo "== descent info"
"$descent" info
echo "== descent check"
"$descent" check
echo "== descent bench"
"$descent" bench --peers --json "$DESCENT_ROOT/results/bench.json" "$@"
echo "== numpy and PyTorch, timed the same way"
/usr/bin/python3 "$DESCENT_ROOT/scripts/peers.py" --json "$DESCENT_ROOT/results/peers.json" "$@"
/usr/bin/python3 "$DESCENT_ROOT/scripts/report.py" "$DESCENT_ROOT/results/bench.json" "$DESCENT_ROOT/results/peers.json" \
    | tee "$DESCENT_ROOT/results/bench.md"
echo "== pictures"
/usr/bin/python3 "$DESCENT_ROOT/scripts/plot.py" --descent "$descent" --out "$DESCENT_ROOT/results/plots" \
    --bench "$DESCENT_ROOT/results/bench.json" "$DESCENT_ROOT/results/peers.json"
echo "== results: results/bench.json, results/peers.json, results/bench.md (tables), results/plots/*.png"
