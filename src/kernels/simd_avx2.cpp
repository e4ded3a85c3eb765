// The SIMD kernels compiled for xsimd::fma3<xsimd::avx2> (flags in src/CMakeLists.txt).
#include "simd_kernel.hpp"

namespace descent::detail {

const SimdKernels& simd_kernels_avx2() {
    static const SimdKernels kernels = make_simd_kernels<xsimd::fma3<xsimd::avx2>>();
    return kernels;
}

}  // namespace descent::detail
