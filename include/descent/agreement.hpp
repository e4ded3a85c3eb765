// How far an implementation's kernels are from a high-precision reference, and how far they
// may be. Used by `descent check` and by the tests.
#pragma once

#include <optional>
#include <span>
#include <string_view>
#include <type_traits>
#include <vector>

#include "descent/export.h"
#include "descent/implementation.hpp"

namespace descent {

enum class Kernel { predict, mse, gradient, loss_and_gradient, descend };

// What one call of a kernel gave back: the outputs that kernel has, the others left empty.
template <class T>
struct KernelOutputs {
    std::vector<T> predictions;           // predict
    std::optional<T> loss;                // mse, loss_and_gradient, descend
    std::optional<Gradient<T>> gradient;  // gradient, loss_and_gradient, descend
    std::optional<Params<T>> stepped;     // descend: the parameters after its step
};

// Calls one kernel on data stored as T, reusing the storage in `out` (no allocation once it
// has run).
template <class T>
using KernelCall = void (*)(const Implementation& impl, const DatasetView<T>& data, const Params<parameter_t<T>>& params,
                            KernelOutputs<parameter_t<T>>& out);

// The learning rate of the descend case.
inline constexpr double kCaseLearningRate = 0.1;

// One kernel as the harness, `descent check` and the kernel benchmark see it: its name, whether
// it is a mean over the rows (n = 0 is an error, y is read), and how to call it. Adding a
// kernel is a row of kernel_cases(); what it is compared with follows from its outputs.
struct DESCENT_API KernelCase {
    Kernel kernel;
    std::string_view name;
    bool is_mean;
    KernelCall<float> call_f32;
    KernelCall<double> call_f64;
    KernelCall<bf16> call_bf16;
    KernelCall<f16> call_f16;

    template <class T>
    KernelCall<T> call() const {
        if constexpr (std::is_same_v<T, float>)
            return call_f32;
        else if constexpr (std::is_same_v<T, double>)
            return call_f64;
        else if constexpr (std::is_same_v<T, bf16>)
            return call_bf16;
        else
            return call_f16;
    }
};
DESCENT_API std::span<const KernelCase> kernel_cases();
DESCENT_API const KernelCase& kernel_case(Kernel kernel);
DESCENT_API std::string_view to_string(Kernel kernel);

// The reductions in long double with compensated sums, each with the magnitude its error is
// measured against: the same mean with every term taken in absolute value, where e's own
// terms count too (|b| + sum_j |w_j x_j| + |y| for each e). Near the optimum e cancels to
// almost nothing, and no floating-point kernel can compute e better than relative to these.
struct Reference {
    long double mse = 0, mse_scale = 0;
    long double db = 0, db_scale = 0;
    std::vector<long double> dw, dw_scale;
    // Each row's b + sum_j w_j x_j and |b| + sum_j |w_j x_j|: computed once here, since every
    // implementation's predict is compared with them.
    std::vector<long double> predictions, prediction_scales;
};
// 16-bit data is taken as the values it stores (widened exactly).
template <class T>
DESCENT_API Reference reference(const DatasetView<T>& data, const Params<parameter_t<T>>& params);

// The worst normalised error |computed - reference| / scale of one kernel's outputs: over the
// rows for predict; the loss; db and every dw_j; and for descend's step, each parameter against
// p - lr g (g the reference gradient), relative to |p| + lr times the gradient's scale.
template <class T>
DESCENT_API double kernel_error(const Implementation& impl, Kernel kernel, const DatasetView<T>& data,
                                const Params<parameter_t<T>>& params, const Reference& ref);

// The largest normalised error the kernels may show, derived from the unit roundoff, d and the
// summation scheme (the derivation is in agreement.cpp). It does not grow with n. For 16-bit
// data it is float's: the stored values widen exactly and are computed as float data is.
template <class T>
DESCENT_API double error_bound(Kernel kernel, std::size_t d);

// Where the kernels are checked, for data made with example_true_weights(d): far from the
// optimum (b = -3, every w = 5), and at the true parameters, where the gradient cancels to the
// noise.
template <class T>
DESCENT_API std::vector<Params<T>> agreement_points(std::size_t d);

// The targets the project set itself: the bound must stay below these for d <= 10.
template <class T>
inline constexpr double kErrorTarget = sizeof(T) == sizeof(float) ? 1e-6 : 1e-14;

}  // namespace descent
