// The bf16 and f16 loops and compute probes compiled for xsimd::avx512bw alone (flags in src/CMakeLists.txt,
// shared with simd_avx512.cpp, whose tables take them).
#include "../simd/storage16_tables.hpp"

namespace descent::detail {

const Storage16Kernels& storage16_kernels_avx512() {
    static const Storage16Kernels kernels = simd_storage16_kernels<xsimd::avx512bw>();
    return kernels;
}

}  // namespace descent::detail
