// What every SIMD loop shares, written once over xsimd's arch parameter: double vectors,
// zeroed and pairwise-summed arrays of vectors, and per-lane compensated totals. The few
// operations xsimd 8.1 lacks or does slowly (float <-> double conversions, register pins,
// clean exits) come from the helper header of the architecture family (arch_helpers.hpp).
// Private to the library; every name has internal linkage (see compensated_sum.hpp).
#pragma once

#include <array>
#include <cstddef>
#include <xsimd/xsimd.hpp>

#include "../compensated_sum.hpp"

namespace descent::detail {
namespace {

template <class Arch>
using Doubles = xsimd::batch<double, Arch>;

// Rows of doubles as they are; the float versions, which widen, are in the family's helpers.
template <class Arch>
Doubles<Arch> load_doubles(const double* p) {
    return Doubles<Arch>::load_unaligned(p);
}
template <class Arch>
void store_doubles(const Doubles<Arch>& v, double* p) {
    v.store_unaligned(p);
}

// N zero vectors. Not std::array::fill: GCC turns that into a memset of a stack array and then
// keeps the accumulators in memory (seen in the disassembly of the d > 1 loop for 256-bit
// vectors: every FMA read and wrote the stack).
template <class V, std::size_t N>
std::array<V, N> zeros() {
    std::array<V, N> vectors;
#pragma GCC unroll 16
    for (std::size_t k = 0; k < N; ++k) vectors[k] = V(0);
    return vectors;
}

// Partial sums added pairwise: ((a0 + a1) + (a2 + a3)) for four, a0 + a1 for two, a0 alone;
// an odd last part moves up a level as it is. ceil(log2(N)) roundings deep.
template <class V, std::size_t N>
V pairwise_sum(const std::array<V, N>& parts) {
    static_assert(N > 0);
    if constexpr (N == 1) {
        return parts[0];
    } else {
        std::array<V, (N + 1) / 2> pairs;
#pragma GCC unroll 16
        for (std::size_t k = 0; k < N / 2; ++k) pairs[k] = parts[2 * k] + parts[2 * k + 1];
        if constexpr (N % 2 == 1) pairs.back() = parts.back();
        return pairwise_sum(pairs);
    }
}

// A vector of per-lane running totals, each carrying its TwoSum error.
template <class Arch>
struct CompensatedLanes {
    Doubles<Arch> sum = Doubles<Arch>(0.0);
    Doubles<Arch> error = Doubles<Arch>(0.0);
    bool empty = true;
    // The first value is taken as it is, as fold() does: where n fits one block (f32 d = 1 up
    // to 16384 rows), a TwoSum into zero would lengthen the end of every epoch.
    [[gnu::always_inline]] void add(const Doubles<Arch>& x) {
        if (empty)
            sum = x;
        else
            two_sum_add(sum, error, x);
        empty = false;
    }
    // One horizontal add, of each lane's sum + error: one rounding per lane (counted in
    // agreement.cpp), and half the shuffles of adding the two separately. Inlined always: a
    // call takes the lanes' address, which keeps them on the stack for the whole loop.
    [[gnu::always_inline]] void fold_into(CompensatedSum& total) const { fold(total, xsimd::hadd(sum + error)); }
};
}  // namespace
}  // namespace descent::detail
