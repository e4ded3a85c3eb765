// The bf16 and f16 loops and compute probes compiled for xsimd::neon64 (flags in src/CMakeLists.txt,
// shared with simd_neon.cpp, whose tables take them).
#include "../simd/storage16_tables.hpp"

namespace descent::detail {

const Storage16Kernels& storage16_kernels_neon() {
    static const Storage16Kernels kernels = simd_storage16_kernels<xsimd::neon64>();
    return kernels;
}

}  // namespace descent::detail
