// The SIMD loops and read probes compiled for xsimd::fma3<xsimd::avx2> alone (flags in src/CMakeLists.txt).
#include "../simd/read_probes.hpp"
#include "../simd/row_table.hpp"

namespace descent::detail {

const RowKernelTable& simd_rows_avx2() {
    static const RowKernelTable table = simd_row_table<xsimd::fma3<xsimd::avx2>>();
    return table;
}

const ReadProbes& read_probes_avx2() {
    static const ReadProbes probes = simd_read_probes<xsimd::fma3<xsimd::avx2>>();
    return probes;
}

}  // namespace descent::detail
