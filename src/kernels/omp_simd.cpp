// What OpenMP alone gives: the scalar loops compiled with -fopenmp, so their `omp simd`
// pragmas vectorize them for the baseline instruction set. The `omp` implementation runs these
// on threads (chunked.cpp).
#include "kernel_tables.hpp"
#include "scalar_rows.hpp"

namespace descent::detail {

const RowKernelTable& omp_simd_kernels() {
    static const RowKernelTable kernels = scalar_row_table();
    return kernels;
}

}  // namespace descent::detail
