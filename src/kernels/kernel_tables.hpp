// The row loops of every implementation, as tables the baseline code can dispatch to.
// Declared here without xsimd so the dispatcher is built with baseline flags only.
#pragma once

#include <cstddef>

#include "descent/isa.hpp"
#include "row_kernels.hpp"

namespace descent::detail {

// Plain loops, no vectorization (scalar.cpp).
const RowKernelTable& scalar_kernels();
// The same loops with their `omp simd` pragmas in effect (omp.cpp).
const RowKernelTable& omp_simd_kernels();

struct SimdKernels {
    RowKernelTable rows;
    // A plain sum of n values: the read-bandwidth probe the benchmarks compare against.
    double (*read_sum_f32)(const float* p, std::size_t n);
    double (*read_sum_f64)(const double* p, std::size_t n);
    // The target and every column of a view summed row by row, all streams at once, as the
    // kernels for d > 1 read them.
    double (*read_rows_f32)(const DatasetView<float>& data);
    double (*read_rows_f64)(const DatasetView<double>& data);
};

// Each is defined in its own translation unit, compiled for that instruction set alone
// (simd_<isa>.cpp): only call it where the CPU supports it.
const SimdKernels& simd_kernels_for(Isa isa);

}  // namespace descent::detail
