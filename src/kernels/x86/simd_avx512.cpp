// The SIMD loops and roof probes compiled for xsimd::avx512bw alone (flags in src/CMakeLists.txt).
#include "../simd/roof_probes.hpp"
#include "../simd/row_table.hpp"

namespace descent::detail {

const RowKernelTable& simd_rows_avx512() {
    static const RowKernelTable table = simd_row_table<xsimd::avx512bw>();
    return table;
}

const RoofProbes& roof_probes_avx512() {
    static const RoofProbes probes = simd_roof_probes<xsimd::avx512bw>();
    return probes;
}

}  // namespace descent::detail
