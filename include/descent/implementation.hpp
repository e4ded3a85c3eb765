// One interface for every implementation of the kernels (anchor: simdjson's implementation).
#pragma once

#include <cstddef>
#include <span>
#include <string_view>

#include "descent/dataset.hpp"
#include "descent/export.h"
#include "descent/pass_sums.hpp"
#include "descent/storage16.hpp"
#include "descent/sufficient_statistics.hpp"

namespace descent {

// The kernels for data of one element type: float, double, or 16-bit storage (bf16, f16), whose
// parameters, predictions, loss and gradient are float (parameter_t, storage16.hpp). Every
// kernel checks its arguments (std::invalid_argument: w of the wrong length, an output of the
// wrong size, and for the reductions an empty dataset, whose mean is undefined) and never
// reads or writes outside the spans it was given.
template <class T>
class DESCENT_API Kernels {
public:
    virtual ~Kernels() = default;
    // out[i] = b + sum_j w[j] * x_j[i]
    virtual void predict(const DatasetView<T>& data, const Params<parameter_t<T>>& params, std::span<parameter_t<T>> out) const = 0;
    // mean of (prediction - y)^2
    virtual parameter_t<T> mse(const DatasetView<T>& data, const Params<parameter_t<T>>& params) const = 0;
    // db = 2 mean(e), dw_j = 2 mean(x_j e), e = prediction - y
    virtual void gradient(const DatasetView<T>& data, const Params<parameter_t<T>>& params, Gradient<parameter_t<T>>& out) const = 0;
    // Both in one pass over the data. Returns the mse.
    virtual parameter_t<T> loss_and_gradient(const DatasetView<T>& data, const Params<parameter_t<T>>& params, Gradient<parameter_t<T>>& out) const = 0;
    // One step of gradient descent, what fit() calls per batch: loss_and_gradient at params,
    // then params -= learning_rate * gradient, the step taken from the means in double (not
    // from `out`, rounded to parameter_t<T>). Returns the mse before the step. A learning rate that is not
    // positive and finite is an error; on any error params are left as they were.
    virtual parameter_t<T> descend(const DatasetView<T>& data, Params<parameter_t<T>>& params, double learning_rate, Gradient<parameter_t<T>>& out) const = 0;
    // The sums of loss_and_gradient's pass over these rows, computed on the calling thread
    // whatever the implementation's threads, for programs that split the rows over threads of
    // their own (threads.hpp). Throws as the gradient does.
    virtual void pass_sums(const DatasetView<T>& rows, const Params<parameter_t<T>>& params, PassSums& out) const = 0;
    // The data's sufficient statistics, in one pass on the implementation's threads (the same
    // bits for any thread count): what FitMethod::sufficient_statistics trains from. Throws
    // std::invalid_argument for n = 0 or d = 0.
    virtual SufficientStatistics statistics(const DatasetView<T>& data) const = 0;
};

// Every kernel for float, double, bf16 and f16 data. (The using-declarations bring the
// overloads of each kernel into one scope: without them a call would be ambiguous between the
// bases.)
class DESCENT_API Implementation : public Kernels<float>, public Kernels<double>, public Kernels<bf16>, public Kernels<f16> {
public:
    using Kernels<float>::predict, Kernels<double>::predict, Kernels<bf16>::predict, Kernels<f16>::predict;
    using Kernels<float>::mse, Kernels<double>::mse, Kernels<bf16>::mse, Kernels<f16>::mse;
    using Kernels<float>::gradient, Kernels<double>::gradient, Kernels<bf16>::gradient, Kernels<f16>::gradient;
    using Kernels<float>::loss_and_gradient, Kernels<double>::loss_and_gradient, Kernels<bf16>::loss_and_gradient, Kernels<f16>::loss_and_gradient;
    using Kernels<float>::descend, Kernels<double>::descend, Kernels<bf16>::descend, Kernels<f16>::descend;
    using Kernels<float>::pass_sums, Kernels<double>::pass_sums, Kernels<bf16>::pass_sums, Kernels<f16>::pass_sums;
    using Kernels<float>::statistics, Kernels<double>::statistics, Kernels<bf16>::statistics, Kernels<f16>::statistics;

    virtual std::string_view name() const = 0;
    virtual std::string_view description() const = 0;
    // Whether this CPU (and DESCENT_MAX_ISA) allows it to run.
    virtual bool supported() const = 0;
    // Whether it runs OpenMP threads (benchmarks then time wall-clock, not CPU time).
    virtual bool threaded() const = 0;
    // The implementation a call on n rows of row_bytes bytes each runs: itself, except for those
    // that hand calls on (`auto` runs simd or simd_omp by the table's size; with_threads'
    // wrappers run their base).
    virtual const Implementation& runs_for(std::size_t /*n*/, std::size_t /*row_bytes*/) const { return *this; }
    template <class T>
    const Implementation& runs_for(const DatasetView<T>& data) const {
        return runs_for(data.n, data.row_bytes());
    }
};

namespace detail {

// The overrides of Kernels<T> for one element type, each handed to Derived's run_<kernel>;
// Base is the next element type's layer, or Implementation.
template <class Derived, class T, class Base>
class KernelsOf : public Base {
public:
    using Base::predict, Base::mse, Base::gradient, Base::loss_and_gradient, Base::descend, Base::pass_sums, Base::statistics;
    void predict(const DatasetView<T>& d, const Params<parameter_t<T>>& p, std::span<parameter_t<T>> out) const final { self().run_predict(d, p, out); }
    parameter_t<T> mse(const DatasetView<T>& d, const Params<parameter_t<T>>& p) const final { return self().run_mse(d, p); }
    void gradient(const DatasetView<T>& d, const Params<parameter_t<T>>& p, Gradient<parameter_t<T>>& g) const final { self().run_gradient(d, p, g); }
    parameter_t<T> loss_and_gradient(const DatasetView<T>& d, const Params<parameter_t<T>>& p, Gradient<parameter_t<T>>& g) const final { return self().run_loss_and_gradient(d, p, g); }
    parameter_t<T> descend(const DatasetView<T>& d, Params<parameter_t<T>>& p, double lr, Gradient<parameter_t<T>>& g) const final { return self().run_descend(d, p, lr, g); }
    void pass_sums(const DatasetView<T>& r, const Params<parameter_t<T>>& p, PassSums& out) const final { self().run_pass_sums(r, p, out); }
    SufficientStatistics statistics(const DatasetView<T>& d) const final { return self().run_statistics(d); }

private:
    const Derived& self() const { return static_cast<const Derived&>(*this); }
};

}  // namespace detail

// Writing an implementation: derive from ImplementationOf<Derived> and give each kernel once, as
// a member template over the element type named run_<kernel> (run_predict, run_mse,
// run_gradient, run_loss_and_gradient, run_descend, run_pass_sums, run_statistics; public, or
// this class a friend). The overrides for every element type are written here, once for every
// implementation.
template <class Derived>
using ImplementationOf =
    detail::KernelsOf<Derived, float,
                      detail::KernelsOf<Derived, double, detail::KernelsOf<Derived, bf16, detail::KernelsOf<Derived, f16, Implementation>>>>;

}  // namespace descent
