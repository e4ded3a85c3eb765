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

// The read limits the benchmarks compare against, for one instruction set: a plain sum of n
// values, and the target and every column of a view summed row by row, all streams at once,
// as the loops for d > 1 read them.
struct ReadProbes {
    double (*sum_f32)(const float* p, std::size_t n);
    double (*sum_f64)(const double* p, std::size_t n);
    double (*rows_f32)(const DatasetView<float>& data, const LoopOptions& options);
    double (*rows_f64)(const DatasetView<double>& data, const LoopOptions& options);
};

// One instruction set this build has kernels for: its tables come from a translation unit
// compiled for it alone, so only call them where simd_isa() allows it.
struct IsaKernels {
    Isa isa;
    std::string_view description;  // of its simd_<isa> implementation
    const RowKernelTable& (*rows)();
    const ReadProbes& (*probes)();
};

// The instruction sets of this build's processor family, in increasing order (x86/isas.cpp,
// arm64/isas.cpp or portable/isas.cpp, chosen by CMake).
std::span<const IsaKernels> isa_kernels();
// The entry of `isa`, which must be one of them.
const IsaKernels& isa_kernels_for(Isa isa);
// The best of them this CPU and its operating system can run (in the same file as the list).
Isa best_isa_of_this_cpu();

}  // namespace descent::detail
