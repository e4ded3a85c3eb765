// The machine's compute limit for an epoch, beside its read limit (read_bandwidth.hpp): the
// pass that `simd` runs for descend on n rows of d features -- the same loop, so the same
// additions, multiplications, FMAs and conversions per row -- with its rows taken from vector
// registers instead of memory. An epoch cannot run faster than the slower of the two roofs.
#pragma once

#include <cstddef>

#include "descent/export.h"

namespace descent {

// Whether this build models a compute roof for the loops `simd` dispatches to: false on the
// processors whose `simd` runs plain loops (isa.hpp's `portable`).
DESCENT_API bool has_compute_roof();

// Every value of the probe's rows, and every w_j (b = 0): not a round number, so the sums round
// as a real pass's do (an inexact value makes the probe's result depend on every operation).
inline constexpr double kProbeValue = 0.1;

// The pass's arithmetic for `rows` rows of d features (T: float, double, bf16 or f16; 16-bit
// rows are widened from registers as a load would widen them), in the loop's shape for a table
// of `table_rows` rows (the loop changes shape for tables beyond the caches; the table's
// column stride is the library's, padded_stride). Returns the sum of the pass's sums (e, e^2,
// x_j e, each sum + error, in that order): on one thread, the bits of `simd`'s pass_sums over
// `rows` rows of kProbeValue (stored as T) with those parameters, where the rows fill whole
// steps of its loop (a multiple of 64 rows does). threaded: in the fixed chunks and on the
// threads the threaded kernels use, the chunks' results added in any order. Throws
// std::logic_error where has_compute_roof() is false, std::invalid_argument for d = 0.
template <class T>
DESCENT_API double pass_arithmetic(std::size_t rows, std::size_t d, std::size_t table_rows, bool threaded);

}  // namespace descent
