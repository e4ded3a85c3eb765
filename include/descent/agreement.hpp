// How far an implementation's kernels are from a high-precision reference, and how far they
// may be. Used by `descent check` and by the tests.
#pragma once

#include <array>
#include <span>
#include <string_view>
#include <vector>

#include "descent/export.h"
#include "descent/implementation.hpp"

namespace descent {

enum class Kernel { predict, mse, gradient, loss_and_gradient };
inline constexpr std::array<Kernel, 4> kAllKernels{Kernel::predict, Kernel::mse, Kernel::gradient,
                                                    Kernel::loss_and_gradient};
DESCENT_API std::string_view to_string(Kernel kernel);

// The reductions in long double with compensated sums, each with the magnitude its error is
// measured against: the same mean with every term taken in absolute value, where e's own
// terms count too (|b| + sum_j |w_j x_j| + |y| for each e). Near the optimum e cancels to
// almost nothing, and no floating-point kernel can compute e better than relative to these.
struct Reference {
    long double mse = 0, mse_scale = 0;
    long double db = 0, db_scale = 0;
    std::vector<long double> dw, dw_scale;
};
template <class T>
DESCENT_API Reference reference(const DatasetView<T>& data, const Params<T>& params);

// The worst normalised error |computed - reference| / scale of one kernel (over the rows for
// predict, over db and every dw_j for the gradient, over all of them for the fused kernel).
template <class T>
DESCENT_API double kernel_error(const Implementation& impl, Kernel kernel, const DatasetView<T>& data, const Params<T>& params,
                                const Reference& ref);

// The largest normalised error the kernels may show, derived from the unit roundoff, d and the
// summation scheme (the derivation is in agreement.cpp). It does not grow with n.
template <class T>
DESCENT_API double error_bound(Kernel kernel, std::size_t d);

// Where the kernels are checked, for data made with example_true_weights(d): far from the
// optimum (b = -3, every w = 5), and at the true parameters, where the gradient cancels to the
// noise.
template <class T>
DESCENT_API std::vector<Params<T>> agreement_points(std::size_t d);

// The targets the project set itself (issue 2): the bound must stay below these for d <= 10.
template <class T>
inline constexpr double kErrorTarget = sizeof(T) == sizeof(float) ? 1e-6 : 1e-14;

}  // namespace descent
