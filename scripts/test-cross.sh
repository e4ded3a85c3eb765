#!/usr/bin/env bash
# descent on another processor, here: cross-builds the library, the tool and the tests with
# Debian's cross compiler and multiarch libraries for ARCH, then runs the whole test suite and
# `descent check --max-n 262144` under qemu-user. No speed is measured: qemu says nothing of it.
#   scripts/test-cross.sh aarch64     # NEON kernels (simd_neon)
#   scripts/test-cross.sh s390x       # big-endian, the portable loops
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
# The target's runtime (loader, libc, libstdc++, libgomp) from multiarch, as the programs run.
target_packages=("g++-$triplet" qemu-user "libgtest-dev:$debian_arch" "libgmock-dev:$debian_arch"
                 "libbenchmark-dev:$debian_arch" "libopenblas-dev:$debian_arch" "libgomp1:$debian_arch")
# xsimd only where descent has SIMD kernels for the processor family.
[ "$arch" = aarch64 ] && target_packages+=("libxsimd-dev:$debian_arch")
ensure_packages "${target_packages[@]}"

build=$DESCENT_ROOT/build-$arch
echo "== cross-building for $arch"
# No MPI: the host's mpicxx would hand the cross build x86-64 libraries.
cmake -S "$DESCENT_ROOT" -B "$build" -DCMAKE_BUILD_TYPE=Release -DDESCENT_BUILD_BENCHMARKS=OFF -DDESCENT_MPI=OFF \
    -DCMAKE_TOOLCHAIN_FILE="$DESCENT_ROOT/cmake/toolchains/debian-cross.cmake" -DDESCENT_CROSS_ARCH="$arch" >/dev/null
cmake --build "$build" --parallel "$(nproc)"
run() { qemu-"$arch" "$@"; }

echo "== descent info under qemu-$arch (auto's crossover measured under emulation)"
run "$build/src/cli/descent" info
# Emulated timings say nothing of the target's: every later process takes the crossover as given
# instead of measuring it again (the measurement itself ran once, above).
export DESCENT_AUTO_CROSSOVER_BYTES=524288
echo "== descent check under qemu-$arch: f32 and f64 up to 2^18 rows, bf16 and f16 up to 2^16"
# 2^18 rows are eight of the threaded passes' chunks: the larger tables run no other path but
# the far-prefetching loops, which far_prefetch_test runs below (a sweep to 2^20 took five
# times as long under qemu).
run "$build/src/cli/descent" check --max-n 262144 --dtype f32 --dtype f64 | tail -n 3
# Past their widening loads the 16-bit kernels run the float loops (the tests below check their
# bits against the float table's): every tail and two chunk edges are below 2^16 rows, and the
# longer sweep doubled this step's time under qemu.
run "$build/src/cli/descent" check --max-n 65536 --dtype bf16 --dtype f16 | tail -n 3
echo "== the tests under qemu-$arch"
cd "$build"
# Every test but the six 2^22-row agreement runs, each 75-100 s under qemu here (9 minutes of an
# architecture's 25): the check above already holds every implementation to the same bounds at
# 2^18 rows, and the bounds do not grow with n.
ctest --output-on-failure -E 'AgreesAtFourMillionRows'

