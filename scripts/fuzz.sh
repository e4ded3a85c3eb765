#!/usr/bin/env bash
# Fuzzes the CSV and .npy readers with libFuzzer (Debian's clang 15), AddressSanitizer and
# UndefinedBehaviorSanitizer on, for SECONDS (default 60) each, from tests/fuzz/corpus. A crash,
# a leak, a hang (10 s on one input), or a chunked read that disagrees with a whole one fails
# the script and leaves the input in results/fuzz/: add it to tests/fuzz/corpus/, where every
# build replays it as a test.   Usage: scripts/fuzz.sh [SECONDS]
set -euo pipefail
source "$(dirname "$0")/common.sh"
ensure_packages clang-15 libomp-15-dev
seconds=${1:-60}
build="$DESCENT_ROOT/build-fuzz"
CC=clang-15 CXX=clang++-15 build_descent "$build" -DDESCENT_FUZZ=ON -DDESCENT_BUILD_TOOL=OFF -DDESCENT_BUILD_TESTS=OFF \
    -DDESCENT_BUILD_BENCHMARKS=OFF -DDESCENT_INSTALL=OFF -DDESCENT_PYTHON=OFF
results="$DESCENT_ROOT/results/fuzz"
mkdir -p "$results"
for reader in csv npy; do
    work=$(mktemp -d)  # new inputs the fuzzer keeps: not written into the repository's corpus
    echo "== fuzzing the $reader reader for $seconds s"
    "$build/tests/fuzz/${reader}_fuzzer" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
        -artifact_prefix="$results/$reader-" "$work" "$DESCENT_ROOT/tests/fuzz/corpus/$reader" 2>&1 |
        grep -E "^(#[0-9]+ +DONE|stat::number_of_executed_units|stat::peak_rss|INFO: seed corpus|==[0-9]+==ERROR|SUMMARY|artifact)" || true
    status=${PIPESTATUS[0]}
    rm -rf "$work"
    if [ "$status" -ne 0 ]; then
        echo "the $reader fuzzer failed (status $status): the input is in $results/" >&2
        exit 1
    fi
done
