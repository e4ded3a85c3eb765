#include "row_kernel_implementation.hpp"

#include <stdexcept>
#include <string>
#include <vector>

#include "chunked.hpp"
#include "descent/fit.hpp"

namespace descent::detail {

namespace {

template <class T>
void check_params(const DatasetView<T>& data, const Params<T>& params) {
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

template <class T>
const RowKernels<T>& RowKernelImplementation::rows() const {
    if constexpr (std::is_same_v<T, float>)
        return info_.kernels().f32;
    else
        return info_.kernels().f64;
}

template <class T>
void RowKernelImplementation::predict_impl(const DatasetView<T>& data, const Params<T>& params, std::span<T> out) const {
    check_params(data, params);
    if (out.size() != data.n)
        throw std::invalid_argument("predict: the output holds " + std::to_string(out.size()) + " values for " +
                                    std::to_string(data.n) + " rows");
    if (info_.threaded)
        predict_in_chunks(rows<T>(), data, params.b, params.w.data(), out.data());
    else
        rows<T>().predict(data, params.b, params.w.data(), out.data());
}

// One pass over the data: the sums of row_kernels.hpp, in a per-thread array that every call
// reuses (no allocation per epoch), valid until this thread's next pass.
template <class T>
const CompensatedSum* RowKernelImplementation::accumulate(const DatasetView<T>& data, const Params<T>& params, bool with_gradient) const {
    check_params(data, params);
    check_not_empty(data, with_gradient ? "the gradient" : "the mse");
    thread_local std::vector<CompensatedSum> sums;
    sums.assign(sum_count(data.d), CompensatedSum{});
    if (info_.threaded)
        accumulate_in_chunks(rows<T>(), data, params.b, params.w.data(), with_gradient, sums.data());
    else
        rows<T>().accumulate(data, params.b, params.w.data(), with_gradient, sums.data());
    return sums.data();
}

namespace {

// The means of a pass over n rows; fills *gradient when it is given. Returns the mse.
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

}  // namespace

template <class T>
T RowKernelImplementation::reduce(const DatasetView<T>& data, const Params<T>& params, Gradient<T>* gradient) const {
    return means(accumulate(data, params, gradient != nullptr), data.n, data.d, gradient);
}

// The step comes straight from the sums, in double: the next epoch starts from these
// parameters, and the path to them from the last row of the pass is the one part of an epoch
// no other work can overlap. Taken through the gradient rounded to T and gradient_step
// (another call, two trips through memory, the conversions), an f32 d = 1 epoch took 36.5
// instead of 32.5 ns at n = 64 and 264.3 instead of 261.1 ns at n = 4096 (medians of ten
// interleaved runs of `descent bench --dtype f32 --impl simd --min-n N --max-n N`, builds of
// 8cb51ec and this change).
template <class T>
T RowKernelImplementation::descend_impl(const DatasetView<T>& data, Params<T>& params, double learning_rate, Gradient<T>& out) const {
    check_learning_rate(learning_rate);
    const CompensatedSum* sums = accumulate(data, params, true);
    const double step = 2.0 * learning_rate / static_cast<double>(data.n);  // lr times the 2/n of the means
    params.b = static_cast<T>(params.b - step * value(sums[kSumOfErrors]));
    for (std::size_t j = 0; j < data.d; ++j) params.w[j] = static_cast<T>(params.w[j] - step * value(sums[kFirstFeatureSum + j]));
    return means(sums, data.n, data.d, &out);
}

void RowKernelImplementation::predict(const DatasetView<float>& d, const Params<float>& p, std::span<float> out) const { predict_impl(d, p, out); }
void RowKernelImplementation::predict(const DatasetView<double>& d, const Params<double>& p, std::span<double> out) const { predict_impl(d, p, out); }
float RowKernelImplementation::mse(const DatasetView<float>& d, const Params<float>& p) const { return reduce<float>(d, p, nullptr); }
double RowKernelImplementation::mse(const DatasetView<double>& d, const Params<double>& p) const { return reduce<double>(d, p, nullptr); }
void RowKernelImplementation::gradient(const DatasetView<float>& d, const Params<float>& p, Gradient<float>& g) const { reduce(d, p, &g); }
void RowKernelImplementation::gradient(const DatasetView<double>& d, const Params<double>& p, Gradient<double>& g) const { reduce(d, p, &g); }
float RowKernelImplementation::loss_and_gradient(const DatasetView<float>& d, const Params<float>& p, Gradient<float>& g) const { return reduce(d, p, &g); }
double RowKernelImplementation::loss_and_gradient(const DatasetView<double>& d, const Params<double>& p, Gradient<double>& g) const { return reduce(d, p, &g); }
float RowKernelImplementation::descend(const DatasetView<float>& d, Params<float>& p, double lr, Gradient<float>& g) const { return descend_impl(d, p, lr, g); }
double RowKernelImplementation::descend(const DatasetView<double>& d, Params<double>& p, double lr, Gradient<double>& g) const { return descend_impl(d, p, lr, g); }

}  // namespace descent::detail
