// The SIMD loops and read probes compiled for xsimd::neon64 (NEON is part of every aarch64 CPU).
#include "../simd/read_probes.hpp"
#include "../simd/row_table.hpp"

namespace descent::detail {

const RowKernelTable& simd_rows_neon() {
    static const RowKernelTable table = simd_row_table<xsimd::neon64>();
    return table;
}

const ReadProbes& read_probes_neon() {
    static const ReadProbes probes = simd_read_probes<xsimd::neon64>();
    return probes;
}

}  // namespace descent::detail
