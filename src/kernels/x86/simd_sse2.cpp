// The SIMD loops and read probes compiled for xsimd::sse2 alone (flags in src/CMakeLists.txt).
#include "../simd/read_probes.hpp"
#include "../simd/row_table.hpp"

namespace descent::detail {

const RowKernelTable& simd_rows_sse2() {
    static const RowKernelTable table = simd_row_table<xsimd::sse2>();
    return table;
}

const ReadProbes& read_probes_sse2() {
    static const ReadProbes probes = simd_read_probes<xsimd::sse2>();
    return probes;
}

}  // namespace descent::detail
