// The float and double loops and the roof probes compiled for xsimd::fma3<xsimd::avx2> alone
// (flags in src/CMakeLists.txt).
#include "../simd/roof_probes.hpp"
#include "../simd/row_table.hpp"

namespace descent::detail {

const Storage16Kernels& storage16_kernels_avx2();  // the 16-bit half: simd_avx2_storage16.cpp

const RowKernelTable& simd_rows_avx2() {
    static const RowKernelTable table = simd_row_table<xsimd::fma3<xsimd::avx2>>(storage16_kernels_avx2());
    return table;
}

const RoofProbes& roof_probes_avx2() {
    static const RoofProbes probes = simd_roof_probes<xsimd::fma3<xsimd::avx2>>(storage16_kernels_avx2());
    return probes;
}

}  // namespace descent::detail
