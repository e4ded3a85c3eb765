// The float and double loops and the roof probes compiled for xsimd::avx512bw alone
// (flags in src/CMakeLists.txt).
#include "../simd/roof_probes.hpp"
#include "../simd/row_table.hpp"

namespace descent::detail {

const Storage16Kernels& storage16_kernels_avx512();  // the 16-bit half: simd_avx512_storage16.cpp

const RowKernelTable& simd_rows_avx512() {
    static const RowKernelTable table = simd_row_table<xsimd::avx512bw>(storage16_kernels_avx512());
    return table;
}

const RoofProbes& roof_probes_avx512() {
    static const RoofProbes probes = simd_roof_probes<xsimd::avx512bw>(storage16_kernels_avx512());
    return probes;
}

}  // namespace descent::detail
