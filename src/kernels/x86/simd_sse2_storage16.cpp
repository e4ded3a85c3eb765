// The bf16 and f16 loops and compute probes compiled for xsimd::sse2 alone (flags in src/CMakeLists.txt,
// shared with simd_sse2.cpp, whose tables take them).
#include "../simd/storage16_tables.hpp"

namespace descent::detail {

const Storage16Kernels& storage16_kernels_sse2() {
    static const Storage16Kernels kernels = simd_storage16_kernels<xsimd::sse2>();
    return kernels;
}

}  // namespace descent::detail
