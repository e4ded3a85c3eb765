# Cross builds with Debian's cross compilers and multiarch libraries, run under qemu-user:
#   cmake -S . -B build-aarch64 -DCMAKE_TOOLCHAIN_FILE=cmake/toolchains/debian-cross.cmake -DDESCENT_CROSS_ARCH=aarch64
# (scripts/test-cross.sh installs what it needs and does this.) DESCENT_CROSS_ARCH is a GNU
# processor name with a Debian cross compiler: aarch64, s390x, powerpc64le, ...
set(DESCENT_CROSS_ARCH "" CACHE STRING "Target processor (aarch64, s390x, ...)")
if(NOT DESCENT_CROSS_ARCH)
  message(FATAL_ERROR "debian-cross.cmake: set DESCENT_CROSS_ARCH (aarch64, s390x, ...)")
endif()
# try_compile projects see only the variables named here.
list(APPEND CMAKE_TRY_COMPILE_PLATFORM_VARIABLES DESCENT_CROSS_ARCH)
set(triplet ${DESCENT_CROSS_ARCH}-linux-gnu)

set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR ${DESCENT_CROSS_ARCH})
set(CMAKE_C_COMPILER ${triplet}-gcc)
set(CMAKE_CXX_COMPILER ${triplet}-g++)
# find_package looks in /usr/lib/<triplet>/cmake, where multiarch puts the target's configs,
# and never picks the host's x86-64 copies of the same packages.
set(CMAKE_LIBRARY_ARCHITECTURE ${triplet})
# Tests, test discovery and the tool run under qemu-user with the target's own loader and
# libraries from multiarch (/lib/<triplet>). Not `-L /usr/<triplet>`: that loader is the cross
# toolchain's glibc, and mixed with multiarch's libc.so it hung at the first pthread_create
# (aarch64) and aborted every program with "stack smashing detected" (s390x).
set(CMAKE_CROSSCOMPILING_EMULATOR qemu-${DESCENT_CROSS_ARCH})
