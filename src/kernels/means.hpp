// From the sums of a pass over n rows to what the caller gets: the means (mse, gradient) and
// descend's step. Inline, for the per-epoch path of every implementation and for PassSums.
// The caller has checked n > 0, d and the learning rate.
#pragma once

#include <cstddef>

#include "compensated_sum.hpp"
#include "row_kernels.hpp"

namespace descent::detail {

// The mse; the gradient into *gradient when it is given.
template <class T>
T means(const CompensatedSum* sums, std::size_t n, std::size_t d, Gradient<T>* gradient) {
    const double count = static_cast<double>(n);
    if (gradient) {
        gradient->db = static_cast<T>(2.0 * value(sums[kSumOfErrors]) / count);
        gradient->dw.resize(d);
        for (std::size_t j = 0; j < d; ++j) gradient->dw[j] = static_cast<T>(2.0 * value(sums[kFirstFeatureSum + j]) / count);
    }
    return static_cast<T>(value(sums[kSumOfSquares]) / count);
}

// params -= learning_rate * gradient, the step taken straight from the sums in double: the next
// epoch starts from these parameters, and the path to them from the last row of the pass is
// the one part of an epoch no other work can overlap (through the gradient rounded to T, an
// f32 epoch of 64 rows took 12% longer).
template <class T>
void step(const CompensatedSum* sums, std::size_t n, double learning_rate, Params<T>& params) {
    const double scale = 2.0 * learning_rate / static_cast<double>(n);  // lr times the 2/n of the means
    params.b = static_cast<T>(params.b - scale * value(sums[kSumOfErrors]));
    for (std::size_t j = 0; j < params.w.size(); ++j)
        params.w[j] = static_cast<T>(params.w[j] - scale * value(sums[kFirstFeatureSum + j]));
}

}  // namespace descent::detail
