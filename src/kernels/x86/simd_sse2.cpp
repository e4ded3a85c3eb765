// The float and double loops and the roof probes compiled for xsimd::sse2 alone
// (flags in src/CMakeLists.txt).
#include "../simd/roof_probes.hpp"
#include "../simd/row_table.hpp"

namespace descent::detail {

const Storage16Kernels& storage16_kernels_sse2();  // the 16-bit half: simd_sse2_storage16.cpp

const RowKernelTable& simd_rows_sse2() {
    static const RowKernelTable table = simd_row_table<xsimd::sse2>(storage16_kernels_sse2());
    return table;
}

const RoofProbes& roof_probes_sse2() {
    static const RoofProbes probes = simd_roof_probes<xsimd::sse2>(storage16_kernels_sse2());
    return probes;
}

}  // namespace descent::detail
