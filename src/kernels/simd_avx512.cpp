// The SIMD kernels compiled for xsimd::avx512bw (flags in src/CMakeLists.txt).
#include "simd_kernel.hpp"

namespace descent::detail {

const SimdKernels& simd_kernels_avx512() {
    static const SimdKernels kernels = make_simd_kernels<xsimd::avx512bw>();
    return kernels;
}

}  // namespace descent::detail
