#!/usr/bin/env bash
# descent as other projects use it, in a temporary folder: configured, built and installed
# static and shared, then consumed by a CMake project with find_package alone
# (examples/cpp) and by a C program with pkg-config's flags alone (examples/c); then built from
# source inside another project with add_subdirectory and with FetchContent
# (examples/subproject). Prints one line per check and "install: N passed, N failed".
set -euo pipefail
source "$(dirname "$0")/common.sh"
ensure_packages binutils

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
jobs=$(nproc)
passed=0
failed=0
check() {  # check "what" command...: runs the command, quietly, and counts it
    local what=$1
    shift
    if "$@" >"$work/check.log" 2>&1; then
        passed=$((passed + 1))
        echo "ok    $what"
    else
        failed=$((failed + 1))
        echo "FAIL  $what"
        sed 's/^/      /' "$work/check.log" | tail -20
    fi
}
quiet() { "$@" >"$work/step.log" 2>&1 || { cat "$work/step.log"; return 1; }; }
absent() { ! grep -qE -- "$1" "$2"; }

for kind in static shared; do
    shared=$([ "$kind" = shared ] && echo ON || echo OFF)
    build=$work/build-$kind
    prefix=$work/prefix-$kind
    echo "== $kind library"
    # The tool comes with the shared build: linked to the shared library, it proves that the
    # exported symbols are enough for a real program.
    quiet cmake -S "$DESCENT_ROOT" -B "$build" -DCMAKE_BUILD_TYPE=Release -DBUILD_SHARED_LIBS="$shared" \
        -DDESCENT_BUILD_TOOL="$shared" -DDESCENT_BUILD_TESTS=OFF -DDESCENT_BUILD_BENCHMARKS=OFF
    quiet cmake --build "$build" --parallel "$jobs"
    check "$kind: cmake --install" quiet cmake --install "$build" --prefix "$prefix"
    for file in include/descent/descent.h include/descent/version.h include/descent/registry.hpp \
                lib/cmake/descent/descentConfig.cmake lib/cmake/descent/descentConfigVersion.cmake \
                lib/cmake/descent/descentTargets.cmake lib/pkgconfig/descent.pc; do
        check "$kind: installs $file" test -f "$prefix/$file"
    done
    check "$kind: installed headers include no private dependency" \
        absent '#include *[<"](xsimd|xtl|CLI/|nlohmann|Eigen|cblas|omp\.h)' <(cat "$prefix"/include/descent/*)

    python_dir=$(sed -n 's/^DESCENT_PYTHON_INSTALL_DIR:STRING=//p' "$build/CMakeCache.txt")
    check "$kind: the installed Python module imports and trains" env PYTHONPATH="$prefix/$python_dir" /usr/bin/python3 -c \
        "import descent, numpy as np; x = np.linspace(0, 1, 50); r = descent.fit(x, 1 + 2 * x, lr=0.5, epochs=3000); assert abs(r.w[0] - 2) < 1e-6, r; print(descent.info())"

    cmake_consumer=$work/cpp-$kind
    check "$kind: find_package consumer configures" quiet cmake -S "$DESCENT_ROOT/examples/cpp" -B "$cmake_consumer" \
        -DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_EXPORT_COMPILE_COMMANDS=ON
    check "$kind: find_package consumer builds" quiet cmake --build "$cmake_consumer"
    check "$kind: find_package consumer runs and fits" "$cmake_consumer/descent_example"
    check "$kind: find_package consumer is not compiled with -fopenmp" \
        absent '-fopenmp' "$cmake_consumer/compile_commands.json"
    mkdir -p "$work/major-$kind"
    printf 'cmake_minimum_required(VERSION 3.25)\nproject(wants_v1 LANGUAGES CXX)\nfind_package(descent 1.0 REQUIRED)\n' \
        >"$work/major-$kind/CMakeLists.txt"
    check "$kind: find_package(descent 1.0) refuses 0.x (SameMajorVersion)" \
        bash -c "! cmake -S '$work/major-$kind' -B '$work/major-$kind/build' -DCMAKE_PREFIX_PATH='$prefix'"

    c_program=$work/c-$kind
    check "$kind: C program builds with pkg-config flags alone" \
        bash -c "PKG_CONFIG_PATH='$prefix/lib/pkgconfig' cc -std=c99 -Wall -Wextra -Werror \
            '$DESCENT_ROOT/examples/c/main.c' -o '$c_program' \$(PKG_CONFIG_PATH='$prefix/lib/pkgconfig' pkg-config --cflags --libs descent)"
    check "$kind: C program runs and fits" env LD_LIBRARY_PATH="$prefix/lib" "$c_program"

    if [ "$kind" = shared ]; then
        library=$(readlink -f "$prefix/lib/libdescent.so")
        check "shared: SONAME carries the major version" \
            bash -c "readelf -d '$library' | grep -q 'SONAME.*libdescent.so.0\]'"
        nm -D --defined-only "$library" | c++filt >"$work/exports.txt"
        echo "      $(grep -c . "$work/exports.txt") exported symbols, $(grep -c -E " descent::| descent_" "$work/exports.txt") of them descent's (the rest: libstdc++ templates)"
        check "shared: exports no xsimd, kernel or internal symbol" \
            absent 'xsimd|descent::detail::|anonymous namespace' "$work/exports.txt"
        check "shared: exports the C API" grep -q ' descent_descend_f32$' "$work/exports.txt"
        check "shared: exports the C++ API" grep -q 'descent::find_implementation' "$work/exports.txt"
        check "shared: the installed tool runs" "$prefix/bin/descent" --version
        check "shared: the installed tool trains" "$prefix/bin/descent" train --epochs 50
    fi
done

for route in add_subdirectory FetchContent; do
    fetch=$([ "$route" = FetchContent ] && echo ON || echo OFF)
    consumer=$work/subproject-$route
    echo "== descent inside another project, with $route"
    check "$route: configures" quiet cmake -S "$DESCENT_ROOT/examples/subproject" -B "$consumer" \
        -DDESCENT_SOURCE_DIR="$DESCENT_ROOT" -DUSE_FETCHCONTENT="$fetch" -DCMAKE_EXPORT_COMPILE_COMMANDS=ON
    check "$route: builds" quiet cmake --build "$consumer" --parallel "$jobs"
    check "$route: runs and fits" "$consumer/descent_example"
    check "$route: the including project's build type is left empty" \
        grep -q '^CMAKE_BUILD_TYPE:STRING=$' "$consumer/CMakeCache.txt"
    check "$route: descent's tests, benchmarks and tool are not built" \
        test -z "$(find "$consumer" -type f \( -name descent_tests -o -name descent_kernels_bench -o -name descent \))"
    check "$route: descent's warnings and OpenMP flags stay off the including project" \
        absent '-Wpedantic|-fopenmp' <(grep '"command"' "$consumer/compile_commands.json" | grep 'examples/cpp/main.cpp')
done

echo "install: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
