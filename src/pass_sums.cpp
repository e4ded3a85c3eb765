#include "descent/pass_sums.hpp"

#include <stdexcept>
#include <string>

#include "descent/fit.hpp"
#include "kernels/compensated_sum.hpp"
#include "kernels/row_kernels.hpp"

namespace descent {

namespace {

void check_rows(std::size_t n) {
    if (n == 0) throw std::invalid_argument("the mean of an empty dataset (n = 0) is undefined: it is a mean over no rows");
}

void check_same_d(std::size_t expected, std::size_t got, const char* what) {
    if (expected != got)
        throw std::invalid_argument(std::string(what) + " have " + std::to_string(got) + " features but the sums have d = " +
                                    std::to_string(expected));
}

}  // namespace

double PassSums::sum_of_errors() const { return detail::value(sums_.at(detail::kSumOfErrors)); }
double PassSums::sum_of_squares() const { return detail::value(sums_.at(detail::kSumOfSquares)); }
double PassSums::sum_of_products(std::size_t j) const { return detail::value(sums_.at(detail::kFirstFeatureSum + j)); }

void PassSums::add(const PassSums& later) {
    check_same_d(d(), later.d(), "the sums added");
    for (std::size_t s = 0; s < sums_.size(); ++s) detail::add(sums_[s], later.sums_[s]);
}

template <class T>
T PassSums::mse(std::size_t n) const {
    check_rows(n);
    return static_cast<T>(sum_of_squares() / static_cast<double>(n));
}

template <class T>
T PassSums::loss_and_gradient(std::size_t n, Gradient<T>& out) const {
    const T loss = mse<T>(n);
    const double count = static_cast<double>(n);
    out.db = static_cast<T>(2.0 * sum_of_errors() / count);
    out.dw.resize(d());
    for (std::size_t j = 0; j < d(); ++j) out.dw[j] = static_cast<T>(2.0 * sum_of_products(j) / count);
    return loss;
}

// The step comes straight from the sums, in double: the next epoch starts from these
// parameters, and the path to them from the last row of the pass is the one part of an epoch
// no other work can overlap (through the gradient rounded to T, an f32 epoch of 64 rows took
// 12% longer).
template <class T>
T PassSums::descend(std::size_t n, Params<T>& params, double learning_rate, Gradient<T>& out) const {
    check_learning_rate(learning_rate);
    check_rows(n);
    check_same_d(d(), params.w.size(), "the parameters");
    const double step = 2.0 * learning_rate / static_cast<double>(n);  // lr times the 2/n of the means
    params.b = static_cast<T>(params.b - step * sum_of_errors());
    for (std::size_t j = 0; j < d(); ++j) params.w[j] = static_cast<T>(params.w[j] - step * sum_of_products(j));
    return loss_and_gradient(n, out);
}

template DESCENT_API float PassSums::mse(std::size_t) const;
template DESCENT_API double PassSums::mse(std::size_t) const;
template DESCENT_API float PassSums::loss_and_gradient(std::size_t, Gradient<float>&) const;
template DESCENT_API double PassSums::loss_and_gradient(std::size_t, Gradient<double>&) const;
template DESCENT_API float PassSums::descend(std::size_t, Params<float>&, double, Gradient<float>&) const;
template DESCENT_API double PassSums::descend(std::size_t, Params<double>&, double, Gradient<double>&) const;

}  // namespace descent
