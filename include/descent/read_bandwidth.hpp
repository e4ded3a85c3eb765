// The machine's read limit, measured the way the kernels read: a plain SIMD sum over the same
// bytes, on the instruction set `simd` dispatches to. Benchmarks report throughput as a
// fraction of it.
#pragma once

#include <span>

#include "descent/dataset.hpp"
#include "descent/export.h"

namespace descent {

// The sum of the values (returned so the reads cannot be optimized away). threaded: in the
// fixed chunks and on the threads the threaded kernels use (threads_for_rows in machine.hpp).
DESCENT_API double read_sum(std::span<const float> values, bool threaded);
DESCENT_API double read_sum(std::span<const double> values, bool threaded);

// The target and every feature column summed row by row, all d + 1 streams at once: the limit
// for kernels that read every column of a row together (d > 1). On this project's machine
// eleven streams read together ran at ~82% of the rate of one long stream.
template <class T>
DESCENT_API double read_rows_sum(const DatasetView<T>& data, bool threaded);

}  // namespace descent
