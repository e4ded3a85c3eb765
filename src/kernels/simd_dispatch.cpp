// Run-time dispatch to the per-ISA kernels, from code built for the baseline.
#include <stdexcept>

#include "kernel_tables.hpp"

namespace descent::detail {

const SimdKernels& simd_kernels_sse2();
const SimdKernels& simd_kernels_avx2();
const SimdKernels& simd_kernels_avx512();

const SimdKernels& simd_kernels_for(Isa isa) {
    switch (isa) {
        case Isa::sse2: return simd_kernels_sse2();
        case Isa::avx2: return simd_kernels_avx2();
        case Isa::avx512: return simd_kernels_avx512();
    }
    throw std::logic_error("unknown Isa value");
}

}  // namespace descent::detail
