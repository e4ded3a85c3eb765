// What each implementation really provides: two loops over rows. Everything else (argument
// checks, turning sums into means, threads) is shared, so implementations differ only here.
#pragma once

#include <cstddef>
#include <type_traits>

#include "compensated_sum.hpp"
#include "descent/dataset.hpp"
#include "descent/storage16.hpp"

namespace descent::detail {

// The sums one pass accumulates, in this order inside a CompensatedSum array:
//   [0] sum e, [1] sum e^2, [2 + j] sum x_j e      (e = prediction - y)
// A loss-only pass fills [1] alone; a gradient pass fills all d + 2.
inline constexpr std::size_t kSumOfErrors = 0;
inline constexpr std::size_t kSumOfSquares = 1;
inline constexpr std::size_t kFirstFeatureSum = 2;
inline std::size_t sum_count(std::size_t d) { return d + 2; }

// Accuracy contract every accumulate loop keeps, whatever its instruction set: arithmetic in
// double (float inputs are widened exactly), and no running sum in a lane ever grows longer
// than kMaxChain additions before it is folded into a CompensatedSum. The error bound in
// agreement.cpp is derived from this.
inline constexpr std::size_t kMaxChain = 32;
// The exceptions, float data in the SIMD kernels: arithmetic in float, each float running sum
// kFloatChain additions long before it is widened to double.
inline constexpr std::size_t kFloatChain = 8;
// Where the columns fit in the vector registers (d = 1; under AVX-512 d up to
// kMaxRegisterFeatures), the sums of e and x_j e are such float sums, and so are the squares
// for d = 1; e itself is computed in float, the columns in pairs and the pairs pairwise.
inline constexpr std::size_t kMaxRegisterFeatures = 12;
// Those loops run this many steps of rows side by side: with few columns a step is short, and
// the FMAs into one running sum come 4 cycles apart.
constexpr std::size_t few_features_unroll(std::size_t d) { return d >= 4 ? 1 : 4 / d; }
// In the loop for any d, the sums of x_j e are float sums; e is computed in double, but the
// products w_j x_j of kFloatColumns columns are summed in float before the sum is widened.
inline constexpr std::size_t kFloatColumns = 4;

// What the loops need to know of the machine. The loops never ask (they know nothing of the
// machine probes): the implementation layer decides it once (src/loop_options.cpp) and passes
// it down with every call.
struct LoopOptions {
    // Tables larger than this (all d + 1 columns, by their stride) are prefetched far ahead.
    std::size_t far_prefetch_from_bytes = ~std::size_t{0};
};

// The sums behind SufficientStatistics, over the m = d + 1 variables z = (x_1 - s_1, ...,
// x_d - s_d, y - s_y) about a shift s (the first row): the first-order sums S_a, then S_ab
// for a <= b, packed column by column. Summed in double per block of kMaxChain rows, then
// folded into CompensatedSums, as the pass sums are.
constexpr std::size_t statistics_count(std::size_t m) { return m + m * (m + 1) / 2; }
constexpr std::size_t first_order(std::size_t a) { return a; }
constexpr std::size_t second_order(std::size_t m, std::size_t a, std::size_t b) {
    return a <= b ? m + b * (b + 1) / 2 + a : m + a * (a + 1) / 2 + b;
}

// The loops over data stored as T; the parameters and predictions are parameter_t<T> (float
// for 16-bit storage, which every loop widens exactly on load and then computes as float data).
template <class T, class P = parameter_t<T>>
struct RowKernels {
    // out[i] = b + sum_j w[j] x_j[i] for the rows of the view.
    void (*predict)(const DatasetView<T>& data, P b, const P* w, P* out);
    // Adds the rows' sums into sums[0 .. d + 2); with_gradient false adds only sum e^2.
    void (*accumulate)(const DatasetView<T>& data, P b, const P* w, bool with_gradient, CompensatedSum* sums,
                       const LoopOptions& options);
    // Adds the rows' statistics about shift[0 .. d] (d features, then y) into
    // sums[0 .. statistics_count(d + 1)).
    void (*statistics)(const DatasetView<T>& data, const double* shift, CompensatedSum* sums);
};

struct RowKernelTable {
    RowKernels<float> f32;
    RowKernels<double> f64;
    RowKernels<bf16> bfloat16;
    RowKernels<f16> half;

    template <class T>
    const RowKernels<T>& of() const {
        if constexpr (std::is_same_v<T, float>)
            return f32;
        else if constexpr (std::is_same_v<T, double>)
            return f64;
        else if constexpr (std::is_same_v<T, bf16>)
            return bfloat16;
        else
            return half;
    }
};

}  // namespace descent::detail
