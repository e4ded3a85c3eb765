// One interface for every implementation of the kernels (anchor: simdjson's implementation).
#pragma once

#include <cstddef>
#include <span>
#include <string_view>

#include "descent/dataset.hpp"
#include "descent/export.h"
#include "descent/pass_sums.hpp"
#include "descent/sufficient_statistics.hpp"

namespace descent {

// The four kernels for one element type. Every kernel checks its arguments
// (std::invalid_argument: w of the wrong length, an output of the wrong size, and for the
// three reductions an empty dataset, whose mean is undefined) and never reads or writes
// outside the spans it was given.
template <class T>
class DESCENT_API Kernels {
public:
    virtual ~Kernels() = default;
    // out[i] = b + sum_j w[j] * x_j[i]
    virtual void predict(const DatasetView<T>& data, const Params<T>& params, std::span<T> out) const = 0;
    // mean of (prediction - y)^2
    virtual T mse(const DatasetView<T>& data, const Params<T>& params) const = 0;
    // db = 2 mean(e), dw_j = 2 mean(x_j e), e = prediction - y
    virtual void gradient(const DatasetView<T>& data, const Params<T>& params, Gradient<T>& out) const = 0;
    // Both in one pass over the data. Returns the mse.
    virtual T loss_and_gradient(const DatasetView<T>& data, const Params<T>& params, Gradient<T>& out) const = 0;
    // One step of gradient descent, what fit() calls per batch: loss_and_gradient at params,
    // then params -= learning_rate * gradient, the step taken from the means in double (not
    // from `out`, rounded to T). Returns the mse before the step. A learning rate that is not
    // positive and finite is an error; on any error params are left as they were.
    virtual T descend(const DatasetView<T>& data, Params<T>& params, double learning_rate, Gradient<T>& out) const = 0;
    // The sums of loss_and_gradient's pass over these rows, computed on the calling thread
    // whatever the implementation's threads, for programs that split the rows over threads of
    // their own (threads.hpp). Throws as the gradient does.
    virtual void pass_sums(const DatasetView<T>& rows, const Params<T>& params, PassSums& out) const = 0;
    // The data's sufficient statistics, in one pass on the implementation's threads (the same
    // bits for any thread count): what FitMethod::sufficient_statistics trains from. Throws
    // std::invalid_argument for n = 0 or d = 0.
    virtual SufficientStatistics statistics(const DatasetView<T>& data) const = 0;
};

// Every kernel for float and for double. (The using-declarations bring both overloads of each
// kernel into one scope: without them a call would be ambiguous between the two bases.)
class DESCENT_API Implementation : public Kernels<float>, public Kernels<double> {
public:
    using Kernels<float>::predict, Kernels<double>::predict;
    using Kernels<float>::mse, Kernels<double>::mse;
    using Kernels<float>::gradient, Kernels<double>::gradient;
    using Kernels<float>::loss_and_gradient, Kernels<double>::loss_and_gradient;
    using Kernels<float>::descend, Kernels<double>::descend;
    using Kernels<float>::pass_sums, Kernels<double>::pass_sums;
    using Kernels<float>::statistics, Kernels<double>::statistics;

    virtual std::string_view name() const = 0;
    virtual std::string_view description() const = 0;
    // Whether this CPU (and DESCENT_MAX_ISA) allows it to run.
    virtual bool supported() const = 0;
    // Whether it runs OpenMP threads (benchmarks then time wall-clock, not CPU time).
    virtual bool threaded() const = 0;
    // The implementation a call on n rows runs: itself, except for those that hand calls on
    // (`auto` runs simd or simd_omp; with_threads' wrappers run their base).
    virtual const Implementation& runs_for(std::size_t) const { return *this; }
};

// Writing an implementation: derive from ImplementationOf<Derived> and give each kernel once, as
// a member template over the element type named run_<kernel> (run_predict, run_mse,
// run_gradient, run_loss_and_gradient, run_descend, run_pass_sums, run_statistics; public, or
// this class a friend). The float and double overrides are written here, once for every
// implementation.
template <class Derived>
class ImplementationOf : public Implementation {
public:
    void predict(const DatasetView<float>& d, const Params<float>& p, std::span<float> out) const final { self().run_predict(d, p, out); }
    void predict(const DatasetView<double>& d, const Params<double>& p, std::span<double> out) const final { self().run_predict(d, p, out); }
    float mse(const DatasetView<float>& d, const Params<float>& p) const final { return self().run_mse(d, p); }
    double mse(const DatasetView<double>& d, const Params<double>& p) const final { return self().run_mse(d, p); }
    void gradient(const DatasetView<float>& d, const Params<float>& p, Gradient<float>& g) const final { self().run_gradient(d, p, g); }
    void gradient(const DatasetView<double>& d, const Params<double>& p, Gradient<double>& g) const final { self().run_gradient(d, p, g); }
    float loss_and_gradient(const DatasetView<float>& d, const Params<float>& p, Gradient<float>& g) const final { return self().run_loss_and_gradient(d, p, g); }
    double loss_and_gradient(const DatasetView<double>& d, const Params<double>& p, Gradient<double>& g) const final { return self().run_loss_and_gradient(d, p, g); }
    float descend(const DatasetView<float>& d, Params<float>& p, double lr, Gradient<float>& g) const final { return self().run_descend(d, p, lr, g); }
    double descend(const DatasetView<double>& d, Params<double>& p, double lr, Gradient<double>& g) const final { return self().run_descend(d, p, lr, g); }
    void pass_sums(const DatasetView<float>& r, const Params<float>& p, PassSums& out) const final { self().run_pass_sums(r, p, out); }
    void pass_sums(const DatasetView<double>& r, const Params<double>& p, PassSums& out) const final { self().run_pass_sums(r, p, out); }
    SufficientStatistics statistics(const DatasetView<float>& d) const final { return self().run_statistics(d); }
    SufficientStatistics statistics(const DatasetView<double>& d) const final { return self().run_statistics(d); }

private:
    const Derived& self() const { return static_cast<const Derived&>(*this); }
};

}  // namespace descent
