// The machine's read limit, measured the way the kernels read: a plain SIMD sum over the same
// bytes, on the instruction set `simd` dispatches to. Benchmarks report throughput as a
// fraction of it.
#pragma once

#include <span>

namespace descent {

// The sum of the values (returned so the reads cannot be optimized away). threaded: on all
// OpenMP threads, in the same fixed chunks the threaded kernels use.
double read_sum(std::span<const float> values, bool threaded);
double read_sum(std::span<const double> values, bool threaded);

}  // namespace descent
