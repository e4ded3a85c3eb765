// The bf16 and f16 loops and compute probes compiled for xsimd::fma3<xsimd::avx2> alone (flags in src/CMakeLists.txt,
// shared with simd_avx2.cpp, whose tables take them).
#include "../simd/storage16_tables.hpp"

namespace descent::detail {

const Storage16Kernels& storage16_kernels_avx2() {
    static const Storage16Kernels kernels = simd_storage16_kernels<xsimd::fma3<xsimd::avx2>>();
    return kernels;
}

}  // namespace descent::detail
