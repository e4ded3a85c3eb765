// The loop for any d: each step of rows computes its errors e from all the columns, then adds
// the products x_j e while those rows are still in L1. d is known only at run time, so the
// product sums live in a scratch array.
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <type_traits>
#include <vector>

#include "row_sources.hpp"

namespace descent::detail {
namespace {

// A zeroed scratch array of `count` vectors. It lives per thread and only grows (to the largest
// d seen), so epochs allocate nothing.
template <class B>
B* zeroed_scratch(std::size_t count) {
    thread_local std::vector<B> buffer;
    if (buffer.size() < count) buffer.resize(count);
    std::fill_n(buffer.begin(), count, B(0));
    return buffer.data();
}

// The errors e = b - y + sum_j w_j x_j of `Halves` double vectors of rows from row i. Double
// data: in double throughout. Float data: the products w_j x_j are summed in float, a group of
// kFloatColumns columns at a time, and each group's sum is widened and added in double -- one
// conversion per group instead of one per column, conversions being the costly part of this
// loop (see ErrorArch); the bound in agreement.cpp counts the group's float roundings.
template <class Arch, std::size_t Halves, Prefetch P, class Rows, class T = typename Rows::value_type>
[[gnu::always_inline]] inline std::array<Doubles<Arch>, Halves> row_errors(const Rows& rows, std::size_t i, T b, const T* w) {
    using V = Doubles<Arch>;
    std::array<V, Halves> e;
    constexpr std::size_t bytes_per_stream = Halves * V::size * Rows::value_bytes;
    rows.template prefetch_target<P, bytes_per_stream>(i);
#pragma GCC unroll 16
    for (std::size_t h = 0; h < Halves; ++h) e[h] = V(double{b}) - rows.template target_doubles<Arch>(i + h * V::size);
    if constexpr (std::is_same_v<T, float>) {
        using F = xsimd::batch<float, Arch>;
        for (std::size_t group = 0; group < rows.d(); group += kFloatColumns) {
            std::array<F, Halves / 2> partial = zeros<F, Halves / 2>();
            for (std::size_t j = group; j < std::min(rows.d(), group + kFloatColumns); ++j) {
                rows.template prefetch_column<P, bytes_per_stream>(j, i);
                const F wj(w[j]);
#pragma GCC unroll 16
                for (std::size_t p = 0; p < Halves / 2; ++p) partial[p] = xsimd::fma(wj, rows.template column<F>(j, i + p * F::size), partial[p]);
            }
#pragma GCC unroll 16
            for (std::size_t p = 0; p < Halves / 2; ++p) {
                const auto halves = widen<Arch>(partial[p]);
                e[2 * p] += halves[0];
                e[2 * p + 1] += halves[1];
            }
        }
    } else {
        for (std::size_t j = 0; j < rows.d(); ++j) {
            rows.template prefetch_column<P, bytes_per_stream>(j, i);
            const V wj(w[j]);
#pragma GCC unroll 16
            for (std::size_t h = 0; h < Halves; ++h) e[h] = xsimd::fma(wj, rows.template column<V>(j, i + h * V::size), e[h]);
        }
    }
    return e;
}

// The running sums of x_j e, one vector per feature (d is known only at run time, so they live
// in a scratch array, not in registers). add() takes one step of rows; fold_into() empties the
// sums of a block into the CompensatedSums.
template <class Arch, class T>
class FeatureProducts;

// One double vector of running sums per feature, emptied into the CompensatedSums per block.
template <class Arch>
struct FeatureLanes {
    explicit FeatureLanes(std::size_t features) : d(features), sums(zeroed_scratch<Doubles<Arch>>(features)) {}
    void fold_into(CompensatedSum* totals) {
        for (std::size_t j = 0; j < d; ++j) {
            fold(totals[j], xsimd::hadd(sums[j]));
            sums[j] = Doubles<Arch>(0.0);
        }
    }
    std::size_t d;
    Doubles<Arch>* sums;
};

// Double data: each lane adds H products per step, at most kMaxChain per block.
template <class Arch>
class FeatureProducts<Arch, double> {
public:
    using V = Doubles<Arch>;
    explicit FeatureProducts(std::size_t d) : lanes_(d) {}
    template <class Rows, std::size_t H>
    void add(const Rows& rows, std::size_t i, const std::array<V, H>& e) {
        for (std::size_t j = 0; j < lanes_.d; ++j) {
            V sum = lanes_.sums[j];
#pragma GCC unroll 8
            for (std::size_t h = 0; h < H; ++h) sum = xsimd::fma(rows.template column<V>(j, i + h * V::size), e[h], sum);
            lanes_.sums[j] = sum;
        }
    }
    void fold_into(CompensatedSum* totals) { lanes_.fold_into(totals); }

private:
    FeatureLanes<Arch> lanes_;
};

// Float data: e (computed in double) is rounded to float once and the products are summed in
// float, twice the rows per instruction: with double products the loop was compute-bound
// (65-82% of the read limit from memory at d = 10). Each float sum takes kFloatChain products,
// then is carried into a double sum (widen_half_sum).
template <class Arch>
class FeatureProducts<Arch, float> {
public:
    using F = xsimd::batch<float, Arch>;
    explicit FeatureProducts(std::size_t d) : float_sums_(zeroed_scratch<F>(d)), lanes_(d) {}
    template <class Rows, class E, std::size_t H>
    void add(const Rows& rows, std::size_t i, const std::array<Doubles<E>, H>& e) {
        const auto e_float = narrow<Arch, E>(e);
        for (std::size_t j = 0; j < lanes_.d; ++j) {
            F sum = float_sums_[j];
#pragma GCC unroll 8
            for (std::size_t p = 0; p < e_float.size(); ++p)
                sum = xsimd::fma(rows.template column<F>(j, i + p * F::size), e_float[p], sum);
            float_sums_[j] = sum;
        }
        static_assert(kFloatChain % e_float.size() == 0, "a carry after exactly kFloatChain products");
        float_products_ += e_float.size();
        if (float_products_ == kFloatChain) carry();
    }
    void fold_into(CompensatedSum* totals) {
        if (float_products_ > 0) carry();
        lanes_.fold_into(totals);
    }

private:
    void carry() {
        for (std::size_t j = 0; j < lanes_.d; ++j) {
            lanes_.sums[j] += widen_half_sum<Arch>(float_sums_[j]);
            float_sums_[j] = F(0.0f);
        }
        float_products_ = 0;
    }
    F* float_sums_;
    FeatureLanes<Arch> lanes_;
    std::size_t float_products_ = 0;
};

// Vectors of T per step of the d > 1 loop. Each vector of e is a chain of dependent FMAs, one
// per column: from cache more chains side by side run faster (f64 d = 10 at n = 4096: 555 ->
// 825 Mrows/s with four), from memory one cache line per stream per step does.
template <class T, Prefetch P>
inline constexpr std::size_t kStepVectors = P == Prefetch::far_ahead ? 1 : std::is_same_v<T, float> ? 2 : 4;

// Any d, one pass: each step of rows computes its errors from all the columns, then adds the
// products x_j e while those rows are still in L1. It runs double data from d = 2, and float
// data where the register loops do not (d > 12, or without AVX-512).
template <class Arch, bool WithGradient, Prefetch P, class Rows, class T = typename Rows::value_type>
void simd_accumulate_features(const Rows& rows, T b, const T* w, CompensatedSum* sums) {
    using E = ErrorArch<Arch, T>;
    using V = Doubles<E>;
    constexpr std::size_t step = kStepVectors<T, P> * xsimd::batch<T, Arch>::size;
    constexpr std::size_t halves = step / V::size;
    // Each lane of the double product sums takes kStepVectors products per step (double data;
    // float data carries after kFloatChain), the e sums one: at most kMaxChain per block.
    constexpr std::size_t block = kMaxChain / kStepVectors<T, P> * step;
    const std::size_t full = rows.n() - rows.n() % step;
    FeatureProducts<Arch, T> products(WithGradient ? rows.d() : 0);
    CompensatedLanes<E> errors, squares;

    for (std::size_t begin = 0; begin < full; begin += block) {
        const std::size_t end = std::min(full, begin + block);
        std::array<V, halves> e_sum = zeros<V, halves>(), e2_sum = zeros<V, halves>();
        for (std::size_t i = begin; i < end; i += step) {
            const auto e = row_errors<E, halves, P>(rows, i, b, w);
#pragma GCC unroll 16
            for (std::size_t h = 0; h < halves; ++h) {
                e2_sum[h] = xsimd::fma(e[h], e[h], e2_sum[h]);
                if constexpr (WithGradient) e_sum[h] += e[h];
            }
            if constexpr (WithGradient) products.add(rows, i, e);
        }
        squares.add(pairwise_sum(e2_sum));
        if constexpr (WithGradient) {
            errors.add(pairwise_sum(e_sum));
            products.fold_into(sums + kFirstFeatureSum);
        }
    }
    squares.fold_into(sums[kSumOfSquares]);
    if constexpr (WithGradient) errors.fold_into(sums[kSumOfErrors]);
    rows.add_tail(full, b, w, WithGradient, sums);
}

}  // namespace
}  // namespace descent::detail
