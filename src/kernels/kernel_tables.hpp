// The row loops of every implementation, as tables the baseline code can dispatch to, and the
// read probes beside them. Declared here without xsimd so the dispatcher is built with
// baseline flags only.
#pragma once

#include <cstddef>
#include <span>
#include <string_view>

#include "descent/isa.hpp"
#include "row_kernels.hpp"

namespace descent::detail {

// Plain loops, no vectorization (scalar.cpp).
const RowKernelTable& scalar_kernels();
// The same loops with their `omp simd` pragmas in effect (omp_simd.cpp).
const RowKernelTable& omp_simd_kernels();

// The limits the benchmarks compare against, for one instruction set. Read roofs: a plain sum
// of n values, and the target and every column of a view summed row by row, all streams at
// once, as the loops for d > 1 read them. Compute roof: the accumulate pass of n rows of d
// features with gradient, its rows from registers, for a table of the given column stride;
// null where the family's `simd` runs plain loops (no roof is modelled for them).
struct RoofProbes {
    double (*sum_f32)(const float* p, std::size_t n);
    double (*sum_f64)(const double* p, std::size_t n);
    double (*rows_f32)(const DatasetView<float>& data, const LoopOptions& options);
    double (*rows_f64)(const DatasetView<double>& data, const LoopOptions& options);
    double (*compute_f32)(std::size_t n, std::size_t d, std::size_t stride, const LoopOptions& options) = nullptr;
    double (*compute_f64)(std::size_t n, std::size_t d, std::size_t stride, const LoopOptions& options) = nullptr;
    double (*compute_bf16)(std::size_t n, std::size_t d, std::size_t stride, const LoopOptions& options) = nullptr;
    double (*compute_f16)(std::size_t n, std::size_t d, std::size_t stride, const LoopOptions& options) = nullptr;
};

// The 16-bit entries of one instruction set's tables (the row loops and the compute probe for
// bf16 and f16), compiled in a translation unit of their own, simd_<isa>_storage16.cpp: beside
// the float and double loops they made one translation unit take twice as long to compile,
// and the two halves now compile side by side.
struct Storage16Kernels {
    RowKernels<bf16> bfloat16;
    RowKernels<f16> half;
    double (*compute_bf16)(std::size_t n, std::size_t d, std::size_t stride, const LoopOptions& options);
    double (*compute_f16)(std::size_t n, std::size_t d, std::size_t stride, const LoopOptions& options);
};

// One instruction set this build has kernels for: its tables come from a translation unit
// compiled for it alone, so only call them where simd_isa() allows it.
struct IsaKernels {
    Isa isa;
    std::string_view description;  // of its simd_<isa> implementation
    const RowKernelTable& (*rows)();
    const RoofProbes& (*probes)();
};

// The instruction sets of this build's processor family, in increasing order (x86/isas.cpp,
// arm64/isas.cpp or portable/isas.cpp, chosen by CMake).
std::span<const IsaKernels> isa_kernels();
// The entry of `isa`, which must be one of them.
const IsaKernels& isa_kernels_for(Isa isa);
// The best of them this CPU and its operating system can run (in the same file as the list).
Isa best_isa_of_this_cpu();
// The probes of the instruction set `simd` dispatches to (simd_isa()).
const RoofProbes& dispatched_probes();

}  // namespace descent::detail
