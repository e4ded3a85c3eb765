// The loops whose columns fit in the vector registers beside their sums (kRegisterFeatures: d = 1,
// and up to 12 for float data under AVX-512): one fused pass per block of rows, every partial
// sum in a register, each column loaded once per step (and asked for far ahead where
// register_loop_prefetch says so).
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <type_traits>

#include "row_sources.hpp"

namespace descent::detail {
namespace {

// The errors e = b - y + sum_j w_j x_j of one vector of rows, from D columns in registers, in
// the arithmetic of B: the columns in pairs (w_a x_a + w_b x_b, a product and an FMA), an odd
// last column fused with b - y, then the terms added pairwise. For d = 1 that is
// fma(w, x, b - y). Depth: 2 + ceil(log2(1 + floor(D / 2))) roundings (agreement.cpp).
template <class B, std::size_t D>
[[gnu::always_inline]] inline B row_errors_from(const std::array<B, D>& x, const B& bias_minus_y, const typename B::value_type* w) {
    std::array<B, 1 + D / 2> terms;
    terms[0] = D % 2 ? xsimd::fma(B(w[D - 1]), x[D - 1], bias_minus_y) : bias_minus_y;
#pragma GCC unroll 16
    for (std::size_t k = 0; k < D / 2; ++k) terms[1 + k] = xsimd::fma(B(w[2 * k]), x[2 * k], B(w[2 * k + 1]) * x[2 * k + 1]);
    return pairwise_sum(terms);
}

// The running sums (e, e^2, x_j e) of the loops whose D columns fit in the vector registers
// alongside the sums, for a batch type B of double or float. A step is one vector of rows from
// each column, each column loaded once (and asked for far ahead if P says so), `unroll` steps
// side by side.
template <class B, std::size_t D, bool WithGradient, Prefetch P>
struct FewFeatureSums {
    static constexpr std::size_t unroll = few_features_unroll(D);
    static constexpr std::size_t rows_per_step = B::size * unroll;
    // Float squares summed in float would add twice e's roundings to a float chain; for d >= 2,
    // whose e is deeper than d = 1's, that broke the accuracy target (agreement.cpp), so their
    // squares are summed in double, from e widened exactly (5% of the loop at d = 10 in L2).
    static constexpr bool squares_in_double = std::is_same_v<typename B::value_type, float> && D >= 2;
    using Square = std::conditional_t<squares_in_double, Doubles<typename B::arch_type>, B>;
    static constexpr std::size_t square_sums = squares_in_double ? 2 * unroll : unroll;
    // Set by the first step of add_block, not zeroed: zeroing took GCC one register move per
    // sum per block, 2% of an f32 d = 1 epoch of 4096 rows. The e and x_j e sums stay unset in
    // a loss-only pass.
    std::array<B, unroll> e;
    std::array<Square, square_sums> e2;
    std::array<std::array<B, unroll>, D> xe;

    // Rows [begin, end), a whole number of steps: the first step sets the sums, the others add
    // to them. `rows` gives B's from its values (row_sources.hpp), `w` holds B's element type.
    // Both steps are inlined always: once GCC's budget for the translation unit ran out (a
    // change to another loop did it), the sums went to the stack and f32 d = 10 ran 1.6x slower.
    template <class Rows>
    [[gnu::always_inline]] void add_block(const Rows& rows, std::size_t begin, std::size_t end, const B& bias, const typename B::value_type* w) {
        add_rows<true>(rows, begin, bias, w);
        for (std::size_t i = begin + rows_per_step; i < end; i += rows_per_step) add_rows<false>(rows, i, bias, w);
    }

private:
    // Rows [i, i + rows_per_step). First: the block's first step, which sets the sums.
    template <bool First, class Rows>
    [[gnu::always_inline]] void add_rows(const Rows& rows, std::size_t i, const B& bias, const typename B::value_type* w) {
#pragma GCC unroll 4  // fully: the accumulators must become registers, not stack slots
        for (std::size_t u = 0; u < unroll; ++u) {
            const std::size_t r = i + u * B::size;
            constexpr std::size_t bytes = B::size * Rows::value_bytes;
            rows.template prefetch_target<P, bytes>(r);
            std::array<B, D> x;
#pragma GCC unroll 16
            for (std::size_t j = 0; j < D; ++j) {
                rows.template prefetch_column<P, bytes>(j, r);
                x[j] = rows.template column<B>(j, r);
                pin_in_register(x[j]);
            }
            const B er = row_errors_from(x, bias - rows.template target<B>(r), w);
            if constexpr (squares_in_double) {
                const auto halves = widen<typename B::arch_type>(er);
                e2[2 * u] = First ? halves[0] * halves[0] : xsimd::fma(halves[0], halves[0], e2[2 * u]);
                e2[2 * u + 1] = First ? halves[1] * halves[1] : xsimd::fma(halves[1], halves[1], e2[2 * u + 1]);
            } else {
                e2[u] = First ? er * er : xsimd::fma(er, er, e2[u]);
            }
            if constexpr (WithGradient) {
                e[u] = First ? er : e[u] + er;
#pragma GCC unroll 16
                for (std::size_t j = 0; j < D; ++j) xe[j][u] = First ? x[j] * er : xsimd::fma(x[j], er, xe[j][u]);
            }
        }
    }
};

// Per-lane running totals of each sum in double, emptied into the CompensatedSums at the end.
// Both members are inlined always (as CompensatedLanes's are): the loops from memory and from
// registers share them, and a call would keep the totals on the stack for the whole loop.
template <class Arch, std::size_t D, bool WithGradient>
struct FewFeatureTotals {
    CompensatedLanes<Arch> errors, squares;
    std::array<CompensatedLanes<Arch>, D> products;

    [[gnu::always_inline]] void add_linear(const Doubles<Arch>& e, const std::array<Doubles<Arch>, D>& xe) {
        if constexpr (WithGradient) {
            errors.add(e);
            for (std::size_t j = 0; j < D; ++j) products[j].add(xe[j]);
        }
    }
    [[gnu::always_inline]] void fold_into(CompensatedSum* sums) const {
        squares.fold_into(sums[kSumOfSquares]);
        if constexpr (WithGradient) {
            errors.fold_into(sums[kSumOfErrors]);
            for (std::size_t j = 0; j < D; ++j) products[j].fold_into(sums[kFirstFeatureSum + j]);
        }
    }
};

// Double data, the d whose columns fit in the registers (kRegisterFeatures: d = 1, the book's
// model): one fused loop whose partial sums all stay in registers.
template <class Arch, std::size_t D, bool WithGradient, Prefetch P, class Rows>
    requires std::is_same_v<typename Rows::value_type, double>
void simd_accumulate_few_features(const Rows& rows, double b, const double* w, CompensatedSum* sums) {
    using V = Doubles<Arch>;
    using Sums = FewFeatureSums<V, D, WithGradient, P>;
    constexpr std::size_t block = kMaxChain * Sums::rows_per_step;  // each lane adds kMaxChain terms per block
    const V bias(b);
    FewFeatureTotals<Arch, D, WithGradient> totals;

    // The first `full` rows of `source`, a whole number of steps.
    const auto add_steps = [&](const auto& source, std::size_t full) __attribute__((always_inline)) {
        for (std::size_t begin = 0; begin < full; begin += block) {
            const std::size_t end = std::min(full, begin + block);
            Sums partial;
            partial.add_block(source, begin, end, bias, w);
            totals.squares.add(pairwise_sum(partial.e2));
            if constexpr (WithGradient) {
                std::array<V, D> xe;
#pragma GCC unroll 16
                for (std::size_t j = 0; j < D; ++j) xe[j] = pairwise_sum(partial.xe[j]);
                totals.add_linear(pairwise_sum(partial.e), xe);
            }
        }
    };
    const std::size_t full = rows.n() - rows.n() % Sums::rows_per_step;
    add_steps(rows, full);
    rows.template add_leftovers<Sums::rows_per_step, D>(full, b, add_steps);
    totals.fold_into(sums);
}

// Float data, the d whose columns fit in the registers (kRegisterFeatures: up to 12 under
// AVX-512, d = 1 with 16 registers): arithmetic in float, twice the rows per instruction
// of double -- what it takes to keep up with the float read rate in cache. Accuracy comes from
// short chains: each float running sum takes kFloatChain steps before it is widened and
// carried on in double (kMaxChain of those per lane, then a TwoSum fold); e itself is the
// shallow sum of row_errors_from. The bounds this gives are in agreement.cpp. At d = 10 it
// runs 1.6x the any-d loop in L2 (910 -> 1479 Mrows/s at n = 2^12).
template <class Arch, std::size_t D, bool WithGradient, Prefetch P, class Rows>
    requires std::is_same_v<typename Rows::value_type, float>
void simd_accumulate_few_features(const Rows& rows, float b, const float* w, CompensatedSum* sums) {
    using F = xsimd::batch<float, Arch>;
    using V = Doubles<Arch>;
    using Sums = FewFeatureSums<F, D, WithGradient, P>;
    constexpr std::size_t float_block = kFloatChain * Sums::rows_per_step;
    constexpr std::size_t block = kMaxChain * float_block;
    const F bias(b);
    const auto widen_sum = [](const std::array<F, Sums::unroll>& partial) { return widen_half_sum<Arch>(pairwise_sum(partial)); };
    FewFeatureTotals<Arch, D, WithGradient> totals;

    // The first `full` rows of `source`, a whole number of steps.
    const auto add_steps = [&](const auto& source, std::size_t full) __attribute__((always_inline)) {
        for (std::size_t outer = 0; outer < full; outer += block) {
            const std::size_t outer_end = std::min(full, outer + block);
            V e_total(0.0), e2_total(0.0);
            std::array<V, D> xe_total = zeros<V, D>();
            for (std::size_t begin = outer; begin < outer_end; begin += float_block) {
                const std::size_t end = std::min(outer_end, begin + float_block);
                Sums partial;
                partial.add_block(source, begin, end, bias, w);
                if constexpr (Sums::squares_in_double)
                    totals.squares.add(pairwise_sum(partial.e2));  // kFloatChain steps per lane, well inside kMaxChain
                else
                    e2_total += widen_sum(partial.e2);
                if constexpr (WithGradient) {
                    e_total += widen_sum(partial.e);
#pragma GCC unroll 16
                    for (std::size_t j = 0; j < D; ++j) xe_total[j] += widen_sum(partial.xe[j]);
                }
            }
            if constexpr (!Sums::squares_in_double) totals.squares.add(e2_total);
            totals.add_linear(e_total, xe_total);
        }
    };
    const std::size_t full = rows.n() - rows.n() % Sums::rows_per_step;
    add_steps(rows, full);
    rows.template add_leftovers<Sums::rows_per_step, D>(full, b, add_steps);
    totals.fold_into(sums);
}

}  // namespace
}  // namespace descent::detail
