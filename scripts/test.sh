#!/usr/bin/env bash
# The tests: install what is missing, build, run every test with ctest, then install descent
# into a temporary prefix and build the examples against it (scripts/test-install.sh).
# One test at a time on purpose: the kernel tests run OpenMP threads, and two OpenMP programs
# at once slow each other 10-100x (libgomp's threads spin).
set -euo pipefail
source "$(dirname "$0")/common.sh"
ensure_packages
build_descent "$DESCENT_ROOT/build"
(cd "$DESCENT_ROOT/build" && ctest --output-on-failure)
"$DESCENT_ROOT/scripts/test-install.sh"
