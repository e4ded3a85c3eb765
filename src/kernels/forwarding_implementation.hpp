// An implementation that hands every call to another, chosen per call from the table's size, and
// may cap the threads it runs with: `auto` and with_threads' implementations.
#pragma once

#include "chunked.hpp"
#include "descent/implementation.hpp"

namespace descent::detail {

class ForwardingImplementation : public ImplementationOf<ForwardingImplementation> {
public:
    template <class T, class P = parameter_t<T>>
    void run_predict(const DatasetView<T>& d, const Params<P>& p, std::span<P> out) const {
        const ThreadLimitScope scope(limit_);
        target(d.n, d.row_bytes()).predict(d, p, out);
    }
    template <class T, class P = parameter_t<T>>
    P run_mse(const DatasetView<T>& d, const Params<P>& p) const {
        const ThreadLimitScope scope(limit_);
        return target(d.n, d.row_bytes()).mse(d, p);
    }
    template <class T, class P = parameter_t<T>>
    void run_gradient(const DatasetView<T>& d, const Params<P>& p, Gradient<P>& g) const {
        const ThreadLimitScope scope(limit_);
        target(d.n, d.row_bytes()).gradient(d, p, g);
    }
    template <class T, class P = parameter_t<T>>
    P run_loss_and_gradient(const DatasetView<T>& d, const Params<P>& p, Gradient<P>& g) const {
        const ThreadLimitScope scope(limit_);
        return target(d.n, d.row_bytes()).loss_and_gradient(d, p, g);
    }
    template <class T, class P = parameter_t<T>>
    P run_descend(const DatasetView<T>& d, Params<P>& p, double learning_rate, Gradient<P>& g) const {
        const ThreadLimitScope scope(limit_);
        return target(d.n, d.row_bytes()).descend(d, p, learning_rate, g);
    }
    template <class T>
    SufficientStatistics run_statistics(const DatasetView<T>& d) const {
        const ThreadLimitScope scope(limit_);
        return target(d.n, d.row_bytes()).statistics(d);
    }
    using Implementation::runs_for;
    const Implementation& runs_for(std::size_t n, std::size_t row_bytes) const override {
        return target(n, row_bytes).runs_for(n, row_bytes);
    }

    // On the calling thread whatever the limit: nothing to scope.
    template <class T, class P = parameter_t<T>>
    void run_pass_sums(const DatasetView<T>& rows, const Params<P>& p, PassSums& out) const {
        target(rows.n, rows.row_bytes()).pass_sums(rows, p, out);
    }

protected:
    // thread_limit: at most this many threads for every call (0: the caller's count).
    explicit ForwardingImplementation(int thread_limit) : limit_(thread_limit) {}
    // What a call on n rows of row_bytes bytes runs.
    virtual const Implementation& target(std::size_t n, std::size_t row_bytes) const = 0;

private:
    int limit_;
};

}  // namespace descent::detail
