// The SIMD loops and read probes compiled for xsimd::avx512bw alone (flags in src/CMakeLists.txt).
#include "../simd/read_probes.hpp"
#include "../simd/row_table.hpp"

namespace descent::detail {

const RowKernelTable& simd_rows_avx512() {
    static const RowKernelTable table = simd_row_table<xsimd::avx512bw>();
    return table;
}

const ReadProbes& read_probes_avx512() {
    static const ReadProbes probes = simd_read_probes<xsimd::avx512bw>();
    return probes;
}

}  // namespace descent::detail
