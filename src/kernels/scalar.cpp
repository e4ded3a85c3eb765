// The honest baseline: scalar_rows.hpp compiled with auto-vectorization off and without
// OpenMP, so its `omp simd` pragmas are inert (flags in src/CMakeLists.txt).
#include "kernel_tables.hpp"
#include "scalar_rows.hpp"

namespace descent::detail {

const RowKernelTable& scalar_kernels() {
    static const RowKernelTable kernels = scalar_row_table();
    return kernels;
}

}  // namespace descent::detail
