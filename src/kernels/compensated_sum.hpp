// A running double sum that carries its own rounding error (Knuth's TwoSum), so adding
// millions of block partials costs one rounding at the end instead of one per addition.
#pragma once

#include "descent/pass_sums.hpp"

namespace descent::detail {

// The value is sum + error. A plain aggregate, public for PassSums: the code that updates it is
// below.
using descent::CompensatedSum;

// Internal linkage on purpose: the per-ISA translation units include this with their own
// instruction-set flags, and a shared (weak) copy could let the linker hand AVX-512 code to
// the baseline build. Every file gets its own copy instead.
namespace {

// Adds x to (sum, error) exactly: TwoSum's error term is the rounding error of sum + x.
// Works for double and for SIMD batches of double alike.
template <class V>
inline void two_sum_add(V& sum, V& error, const V& x) {
    const V s = sum + x;
    const V x_part = s - sum;
    error += (sum - (s - x_part)) + (x - x_part);
    sum = s;
}

inline void add(CompensatedSum& total, double x) { two_sum_add(total.sum, total.error, x); }
inline void add(CompensatedSum& total, const CompensatedSum& other) {
    add(total, other.sum);
    add(total, other.error);
}
inline double value(const CompensatedSum& total) { return total.sum + total.error; }

// add() for a kernel folding its partial sums into the CompensatedSums it was handed zeroed.
// TwoSum into zero gives (x, 0) exactly, so that case sets it directly: the same result without
// TwoSum's dependent additions on the path from an epoch's last row to the parameters the next
// epoch needs (with CompensatedLanes's first add, 4-5% of an f32 epoch of 4096 rows).
inline void fold(CompensatedSum& total, double x) {
    if (total.sum == 0 && total.error == 0)
        total.sum = x;
    else
        add(total, x);
}

}  // namespace
}  // namespace descent::detail
