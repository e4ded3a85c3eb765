#!/usr/bin/env bash
# The test suite under the sanitizers, each in a build folder of its own:
#   asan  every test, built by GCC with AddressSanitizer and UndefinedBehaviorSanitizer (the
#         MPI tests without the leak check);
#   tsan  the tests that run threads (the OpenMP implementations, auto, the chunk sums, the
#         threaded CSV reader, the read and compute roofs), built by clang 15 with ThreadSanitizer
#         and LLVM's OpenMP runtime, whose Archer tool tells ThreadSanitizer about OpenMP's
#         barriers (libgomp's are invisible to it: false reports).
# Usage: scripts/sanitize.sh asan|tsan
set -euo pipefail
source "$(dirname "$0")/common.sh"
mode=${1:?usage: scripts/sanitize.sh asan|tsan}
case "$mode" in
asan)
    ensure_packages
    # The Python module is left out: an instrumented module needs an instrumented interpreter.
    build_descent "$DESCENT_ROOT/build-asan" -DDESCENT_SANITIZE=ON -DDESCENT_BUILD_BENCHMARKS=OFF -DDESCENT_INSTALL=OFF \
        -DDESCENT_PYTHON=OFF
    # Leaks are errors too; a failure stops at the first report.
    export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
    # The AVX-register scan checks how objects were compiled, not what they do: the plain build runs it.
    (cd "$DESCENT_ROOT/build-asan" && ctest --output-on-failure -E 'baseline_objects_use_no_avx_registers|^mpi_')
    # OpenMPI leaks at MPI_Finalize from components it has unloaded by then, so LeakSanitizer
    # cannot tell their stacks from ours: the MPI tests get every check but the leak check.
    (cd "$DESCENT_ROOT/build-asan" && ASAN_OPTIONS=detect_leaks=0:abort_on_error=1 ctest --output-on-failure -R '^mpi_')
    ;;
tsan)
    ensure_packages clang-15 libomp-15-dev
    CC=clang-15 CXX=clang++-15 build_descent "$DESCENT_ROOT/build-tsan" -DDESCENT_THREAD_SANITIZE=ON \
        -DDESCENT_BUILD_BENCHMARKS=OFF -DDESCENT_INSTALL=OFF -DDESCENT_PYTHON=OFF -DDESCENT_MPI=OFF
    # libomp itself is not instrumented: Archer asks to ignore what happens inside it.
    export TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1 ignore_noninstrumented_modules=1"
    export OMP_TOOL_LIBRARIES=/usr/lib/llvm-15/lib/libarcher.so OMP_NUM_THREADS=4
    threaded='*omp*:*auto*:Threads*:ThreadsTest*:SufficientStatistics.SameBitsForAnyThreadCount:Csv.ChunksOfAnySizeGiveTheSameResult:Csv.ReportsProgress:ReadBandwidth*:ComputeRoof*'
    "$DESCENT_ROOT/build-tsan/tests/descent_tests" --gtest_filter="$threaded" --gtest_brief=1
    ;;
*)
    echo "usage: scripts/sanitize.sh asan|tsan" >&2
    exit 2
    ;;
esac
