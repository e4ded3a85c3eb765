// An implementation that hands every call to another, chosen per call from the row count, and
// may cap the threads it runs with: `auto` and with_threads' implementations.
#pragma once

#include "chunked.hpp"
#include "descent/implementation.hpp"

namespace descent::detail {

class ForwardingImplementation : public Implementation {
public:
    void predict(const DatasetView<float>& d, const Params<float>& p, std::span<float> out) const override { ThreadLimitScope s(limit_); target(d.n).predict(d, p, out); }
    void predict(const DatasetView<double>& d, const Params<double>& p, std::span<double> out) const override { ThreadLimitScope s(limit_); target(d.n).predict(d, p, out); }
    float mse(const DatasetView<float>& d, const Params<float>& p) const override { ThreadLimitScope s(limit_); return target(d.n).mse(d, p); }
    double mse(const DatasetView<double>& d, const Params<double>& p) const override { ThreadLimitScope s(limit_); return target(d.n).mse(d, p); }
    void gradient(const DatasetView<float>& d, const Params<float>& p, Gradient<float>& g) const override { ThreadLimitScope s(limit_); target(d.n).gradient(d, p, g); }
    void gradient(const DatasetView<double>& d, const Params<double>& p, Gradient<double>& g) const override { ThreadLimitScope s(limit_); target(d.n).gradient(d, p, g); }
    float loss_and_gradient(const DatasetView<float>& d, const Params<float>& p, Gradient<float>& g) const override { ThreadLimitScope s(limit_); return target(d.n).loss_and_gradient(d, p, g); }
    double loss_and_gradient(const DatasetView<double>& d, const Params<double>& p, Gradient<double>& g) const override { ThreadLimitScope s(limit_); return target(d.n).loss_and_gradient(d, p, g); }
    float descend(const DatasetView<float>& d, Params<float>& p, double lr, Gradient<float>& g) const override { ThreadLimitScope s(limit_); return target(d.n).descend(d, p, lr, g); }
    double descend(const DatasetView<double>& d, Params<double>& p, double lr, Gradient<double>& g) const override { ThreadLimitScope s(limit_); return target(d.n).descend(d, p, lr, g); }
    void pass_sums(const DatasetView<float>& r, const Params<float>& p, PassSums& out) const override { target(r.n).pass_sums(r, p, out); }
    void pass_sums(const DatasetView<double>& r, const Params<double>& p, PassSums& out) const override { target(r.n).pass_sums(r, p, out); }

protected:
    // thread_limit: at most this many threads for every call (0: the caller's count).
    explicit ForwardingImplementation(int thread_limit) : limit_(thread_limit) {}
    // What a call on n rows runs.
    virtual const Implementation& target(std::size_t n) const = 0;

private:
    int limit_;
};

}  // namespace descent::detail
