// The SIMD kernels compiled for xsimd::sse2 (flags in src/CMakeLists.txt).
#include "simd_kernel.hpp"

namespace descent::detail {

const SimdKernels& simd_kernels_sse2() {
    static const SimdKernels kernels = make_simd_kernels<xsimd::sse2>();
    return kernels;
}

}  // namespace descent::detail
