// The float and double loops and the roof probes compiled for xsimd::neon64 (NEON is part of every
// aarch64 CPU).
#include "../simd/roof_probes.hpp"
#include "../simd/row_table.hpp"

namespace descent::detail {

const Storage16Kernels& storage16_kernels_neon();  // the 16-bit half: simd_neon_storage16.cpp

const RowKernelTable& simd_rows_neon() {
    static const RowKernelTable table = simd_row_table<xsimd::neon64>(storage16_kernels_neon());
    return table;
}

const RoofProbes& roof_probes_neon() {
    static const RoofProbes probes = simd_roof_probes<xsimd::neon64>(storage16_kernels_neon());
    return probes;
}

}  // namespace descent::detail
