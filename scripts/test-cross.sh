#!/usr/bin/env bash
# descent on another processor, here: cross-builds the library, the tool and the tests with
# Debian's cross compiler and multiarch libraries for ARCH, then runs the whole test suite and
# `descent check --max-n 1048576` under qemu-user. No speed is measured: qemu says nothing of it.
#   scripts/test-cross.sh aarch64     # NEON kernels (simd_neon)
#   scripts/test-cross.sh s390x       # big-endian, the portable loops
# Everything runs on one thread: Debian 12's qemu-user hangs at the first pthread_create on this
# project's machines (cmake/toolchains/debian-cross.cmake), so the tests that start threads of
# their own whatever OMP_NUM_THREADS says are left to the native run (listed below).
set -euo pipefail
source "$(dirname "$0")/common.sh"
arch=${1:?usage: scripts/test-cross.sh ARCH (aarch64, s390x, ...)}
case "$arch" in
    aarch64) debian_arch=arm64 ;;
    s390x) debian_arch=s390x ;;
    powerpc64le) debian_arch=ppc64el ;;
    *) echo "test-cross.sh: no Debian architecture known for '$arch'" >&2; exit 2 ;;
esac
triplet=$arch-linux-gnu

if ! dpkg --print-foreign-architectures | grep -qx "$debian_arch"; then
    [ "$(id -u)" -eq 0 ] || { echo "run as root, or first: dpkg --add-architecture $debian_arch && apt-get update" >&2; exit 1; }
    dpkg --add-architecture "$debian_arch"
    apt-get update -qq
fi
target_packages=("g++-$triplet" qemu-user "libgtest-dev:$debian_arch" "libgmock-dev:$debian_arch"
                 "libbenchmark-dev:$debian_arch" "libopenblas-dev:$debian_arch")
# xsimd only where descent has SIMD kernels for the processor family.
[ "$arch" = aarch64 ] && target_packages+=("libxsimd-dev:$debian_arch")
ensure_packages "${target_packages[@]}"

build=$DESCENT_ROOT/build-$arch
echo "== cross-building for $arch"
cmake -S "$DESCENT_ROOT" -B "$build" -DCMAKE_BUILD_TYPE=Release -DDESCENT_BUILD_BENCHMARKS=OFF \
    -DCMAKE_TOOLCHAIN_FILE="$DESCENT_ROOT/cmake/toolchains/debian-cross.cmake" -DDESCENT_CROSS_ARCH="$arch" >/dev/null
cmake --build "$build" --parallel "$(nproc)"
run() {
    qemu-"$arch" -L "/usr/$triplet" -E "LD_LIBRARY_PATH=/usr/lib/$triplet:/lib/$triplet" -E OMP_NUM_THREADS=1 \
        -E OPENBLAS_NUM_THREADS=1 "$@"
}
# Tests that set their own thread counts (2, 3, 7 threads, a pool of std::threads).
starts_threads='SameBitsForAnyThreadCount|ThreadsTest\.(WithThreads|ChunkSums)|^c_api$'

echo "== descent info under qemu-$arch"
run "$build/src/cli/descent" info
echo "== descent check --max-n 1048576 under qemu-$arch"
run "$build/src/cli/descent" check --max-n 1048576 | tail -n 3
echo "== the tests under qemu-$arch"
cd "$build"
ctest --output-on-failure -E "$starts_threads"
