// The x86-64 instruction sets with kernels, in increasing order. A new one: its translation
// units (simd_<isa>.cpp and simd_<isa>_storage16.cpp), a line here, a line in
// src/CMakeLists.txt, its Isa value.
#include "../kernel_tables.hpp"
#include "cpu_features.hpp"

namespace descent::detail {

const RowKernelTable& simd_rows_sse2();
const RowKernelTable& simd_rows_avx2();
const RowKernelTable& simd_rows_avx512();
const RoofProbes& roof_probes_sse2();
const RoofProbes& roof_probes_avx2();
const RoofProbes& roof_probes_avx512();

std::span<const IsaKernels> isa_kernels() {
    static constexpr IsaKernels isas[] = {
        {Isa::sse2, "xsimd kernels for SSE2", &simd_rows_sse2, &roof_probes_sse2},
        {Isa::avx2, "xsimd kernels for AVX2 with FMA and F16C", &simd_rows_avx2, &roof_probes_avx2},
        {Isa::avx512, "xsimd kernels for AVX-512 (F, CD, DQ, BW, VL)", &simd_rows_avx512, &roof_probes_avx512},
    };
    return isas;
}

Isa best_isa_of_this_cpu() { return best_x86_isa(read_x86_cpu_features()); }

}  // namespace descent::detail
