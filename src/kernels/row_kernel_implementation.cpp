#include "row_kernel_implementation.hpp"

#include <stdexcept>
#include <string>
#include <vector>

#include "chunked.hpp"

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

// One pass over the data; fills *gradient when it is given. Returns the mse.
template <class T>
T RowKernelImplementation::reduce(const DatasetView<T>& data, const Params<T>& params, Gradient<T>* gradient) const {
    check_params(data, params);
    check_not_empty(data, gradient ? "the gradient" : "the mse");
    thread_local std::vector<CompensatedSum> sums;  // reused: no allocation per epoch
    sums.assign(sum_count(data.d), CompensatedSum{});
    const bool with_gradient = gradient != nullptr;
    if (info_.threaded)
        accumulate_in_chunks(rows<T>(), data, params.b, params.w.data(), with_gradient, sums.data());
    else
        rows<T>().accumulate(data, params.b, params.w.data(), with_gradient, sums.data());

    const double n = static_cast<double>(data.n);
    if (gradient) {
        gradient->db = static_cast<T>(2.0 * value(sums[kSumOfErrors]) / n);
        gradient->dw.resize(data.d);
        for (std::size_t j = 0; j < data.d; ++j)
            gradient->dw[j] = static_cast<T>(2.0 * value(sums[kFirstFeatureSum + j]) / n);
    }
    return static_cast<T>(value(sums[kSumOfSquares]) / n);
}

void RowKernelImplementation::predict(const DatasetView<float>& d, const Params<float>& p, std::span<float> out) const { predict_impl(d, p, out); }
void RowKernelImplementation::predict(const DatasetView<double>& d, const Params<double>& p, std::span<double> out) const { predict_impl(d, p, out); }
float RowKernelImplementation::mse(const DatasetView<float>& d, const Params<float>& p) const { return reduce<float>(d, p, nullptr); }
double RowKernelImplementation::mse(const DatasetView<double>& d, const Params<double>& p) const { return reduce<double>(d, p, nullptr); }
void RowKernelImplementation::gradient(const DatasetView<float>& d, const Params<float>& p, Gradient<float>& g) const { reduce(d, p, &g); }
void RowKernelImplementation::gradient(const DatasetView<double>& d, const Params<double>& p, Gradient<double>& g) const { reduce(d, p, &g); }
float RowKernelImplementation::loss_and_gradient(const DatasetView<float>& d, const Params<float>& p, Gradient<float>& g) const { return reduce(d, p, &g); }
double RowKernelImplementation::loss_and_gradient(const DatasetView<double>& d, const Params<double>& p, Gradient<double>& g) const { return reduce(d, p, &g); }

}  // namespace descent::detail
