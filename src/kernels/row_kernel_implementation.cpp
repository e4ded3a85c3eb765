#include "row_kernel_implementation.hpp"

#include <stdexcept>
#include <string>
#include <vector>

#include "chunked.hpp"
#include "means.hpp"
#include "widened.hpp"

namespace descent::detail {

namespace {

template <class T, class P>
void check_params(const DatasetView<T>& data, const Params<P>& params) {
    // make_view refuses d = 0, but a view can be built by hand; the loops index by d - 1.
    if (data.d == 0) throw std::invalid_argument("the data has no features (d = 0)");
    if (params.w.size() != data.d)
        throw std::invalid_argument("the parameters have " + std::to_string(params.w.size()) +
                                    " weights but the data has d = " + std::to_string(data.d) + " features");
}

template <class T>
void check_not_empty(const DatasetView<T>& data, std::string_view kernel) {
    if (data.n == 0)
        throw std::invalid_argument(std::string(kernel) + " of an empty dataset (n = 0) is undefined: it is a mean over no rows");
}

}  // namespace

std::string_view RowKernelImplementation::name() const { return info_.name; }

template <class T, class P>
void RowKernelImplementation::run_predict(const DatasetView<T>& data, const Params<P>& params, std::span<P> out) const {
    check_params(data, params);
    if (out.size() != data.n)
        throw std::invalid_argument("predict: the output holds " + std::to_string(out.size()) + " values for " +
                                    std::to_string(data.n) + " rows");
    if (info_.threaded)
        predict_in_chunks(info_.kernels().template of<T>(), data, params.b, params.w.data(), out.data());
    else
        info_.kernels().template of<T>().predict(data, params.b, params.w.data(), out.data());
}

// One pass over the data into `sums` (the sums of row_kernels.hpp), on this implementation's
// threads or on the calling thread alone. Either way in the same fixed chunks, so that the
// sums have the same bits for every thread count, threaded or not: `auto` gives the same
// answer whichever implementation it runs.
template <class T, class P>
void RowKernelImplementation::accumulate(const DatasetView<T>& data, const Params<P>& params, bool with_gradient,
                                         bool on_threads, PassSums& sums) const {
    check_params(data, params);
    check_not_empty(data, with_gradient ? "the gradient" : "the mse");
    sums.reset(data.d);
    const ThreadLimitScope one_thread(on_threads ? 0 : 1);
    accumulate_in_chunks(info_.kernels().template of<T>(), data, params.b, params.w.data(), with_gradient, sums.values().data(), info_.options());
}

// A whole pass, in a per-thread PassSums that every call reuses (no allocation per epoch),
// valid until this thread's next pass.
template <class T, class P>
const PassSums& RowKernelImplementation::epoch_sums(const DatasetView<T>& data, const Params<P>& params,
                                                    bool with_gradient) const {
    thread_local PassSums sums;
    accumulate<T>(data, params, with_gradient, info_.threaded, sums);
    return sums;
}

template <class T, class P>
P RowKernelImplementation::reduce(const DatasetView<T>& data, const Params<P>& params, Gradient<P>* gradient) const {
    return means<P>(epoch_sums<T>(data, params, gradient != nullptr).values().data(), data.n, data.d, gradient);
}

template <class T, class P>
P RowKernelImplementation::run_descend(const DatasetView<T>& data, Params<P>& params, double learning_rate,
                                       Gradient<P>& out) const {
    check_learning_rate(learning_rate);
    const CompensatedSum* sums = epoch_sums<T>(data, params, true).values().data();
    step(sums, data.n, learning_rate, params);
    return means(sums, data.n, data.d, &out);
}

// About the first row (see SufficientStatistics), on the threads when the implementation has
// them, in the fixed chunks either way (as accumulate).
template <class T>
SufficientStatistics RowKernelImplementation::run_statistics(const DatasetView<T>& data) const {
    if (data.d == 0) throw std::invalid_argument("the data has no features (d = 0)");
    if (data.n == 0) throw std::invalid_argument("the sufficient statistics of an empty dataset (n = 0) are undefined");
    std::vector<double> shift;
    for (std::size_t j = 0; j < data.d; ++j) shift.push_back(widened(data.feature(j)[0]));
    shift.push_back(widened(data.y[0]));
    std::vector<CompensatedSum> sums(statistics_count(data.d + 1));
    const ThreadLimitScope one_thread(info_.threaded ? 0 : 1);
    statistics_in_chunks(info_.kernels().template of<T>(), data, shift.data(), sums.data());
    return SufficientStatistics(data.n, std::move(shift), std::move(sums));
}

template void RowKernelImplementation::run_predict<float>(const DatasetView<float>&, const Params<float>&, std::span<float>) const;
template float RowKernelImplementation::run_descend<float>(const DatasetView<float>&, Params<float>&, double, Gradient<float>&) const;
template SufficientStatistics RowKernelImplementation::run_statistics(const DatasetView<float>&) const;
template float RowKernelImplementation::reduce<float>(const DatasetView<float>&, const Params<float>&, Gradient<float>*) const;
template void RowKernelImplementation::accumulate<float>(const DatasetView<float>&, const Params<float>&, bool, bool, PassSums&) const;
template void RowKernelImplementation::run_predict<double>(const DatasetView<double>&, const Params<double>&, std::span<double>) const;
template double RowKernelImplementation::run_descend<double>(const DatasetView<double>&, Params<double>&, double, Gradient<double>&) const;
template SufficientStatistics RowKernelImplementation::run_statistics(const DatasetView<double>&) const;
template double RowKernelImplementation::reduce<double>(const DatasetView<double>&, const Params<double>&, Gradient<double>*) const;
template void RowKernelImplementation::accumulate<double>(const DatasetView<double>&, const Params<double>&, bool, bool, PassSums&) const;
template void RowKernelImplementation::run_predict<bf16>(const DatasetView<bf16>&, const Params<float>&, std::span<float>) const;
template float RowKernelImplementation::run_descend<bf16>(const DatasetView<bf16>&, Params<float>&, double, Gradient<float>&) const;
template SufficientStatistics RowKernelImplementation::run_statistics(const DatasetView<bf16>&) const;
template float RowKernelImplementation::reduce<bf16>(const DatasetView<bf16>&, const Params<float>&, Gradient<float>*) const;
template void RowKernelImplementation::accumulate<bf16>(const DatasetView<bf16>&, const Params<float>&, bool, bool, PassSums&) const;
template void RowKernelImplementation::run_predict<f16>(const DatasetView<f16>&, const Params<float>&, std::span<float>) const;
template float RowKernelImplementation::run_descend<f16>(const DatasetView<f16>&, Params<float>&, double, Gradient<float>&) const;
template SufficientStatistics RowKernelImplementation::run_statistics(const DatasetView<f16>&) const;
template float RowKernelImplementation::reduce<f16>(const DatasetView<f16>&, const Params<float>&, Gradient<float>*) const;
template void RowKernelImplementation::accumulate<f16>(const DatasetView<f16>&, const Params<float>&, bool, bool, PassSums&) const;

}  // namespace descent::detail
