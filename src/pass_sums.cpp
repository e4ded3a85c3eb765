#include "descent/pass_sums.hpp"

#include <cmath>
#include <sstream>
#include <stdexcept>
#include <string>

#include "kernels/compensated_sum.hpp"
#include "kernels/means.hpp"
#include "kernels/row_kernels.hpp"

namespace descent {

namespace {

void check_rows(std::size_t n) {
    if (n == 0) throw std::invalid_argument("the mean of an empty dataset (n = 0) is undefined: it is a mean over no rows");
}

void check_holds_sums(std::size_t count) {
    if (count == 0) throw std::invalid_argument("these PassSums hold no sums: make them with PassSums(d) or pass_sums");
}

void check_same_d(std::size_t expected, std::size_t got, const char* what) {
    if (expected != got)
        throw std::invalid_argument(std::string(what) + " have " + std::to_string(got) + " features but the sums have d = " +
                                    std::to_string(expected));
}

}  // namespace

namespace {

// Out of line: descend checks the rate every epoch, and the message's stream costs the check
// more instructions than the whole step when it is built in the same function.
[[noreturn]] void refuse_learning_rate(double learning_rate) {
    std::ostringstream message;
    message.precision(6);
    message << "the learning rate must be positive and finite, got " << learning_rate;
    throw std::invalid_argument(message.str());
}

}  // namespace

void check_learning_rate(double learning_rate) {
    if (!(learning_rate > 0) || !std::isfinite(learning_rate)) refuse_learning_rate(learning_rate);
}

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
    check_holds_sums(sums_.size());
    return detail::means<T>(sums_.data(), n, d(), nullptr);
}

template <class T>
T PassSums::loss_and_gradient(std::size_t n, Gradient<T>& out) const {
    check_rows(n);
    check_holds_sums(sums_.size());
    return detail::means(sums_.data(), n, d(), &out);
}

template <class T>
T PassSums::descend(std::size_t n, Params<T>& params, double learning_rate, Gradient<T>& out) const {
    check_learning_rate(learning_rate);
    check_rows(n);
    check_holds_sums(sums_.size());
    check_same_d(d(), params.w.size(), "the parameters");
    detail::step(sums_.data(), n, learning_rate, params);
    return detail::means(sums_.data(), n, d(), &out);
}

template DESCENT_API float PassSums::mse(std::size_t) const;
template DESCENT_API double PassSums::mse(std::size_t) const;
template DESCENT_API float PassSums::loss_and_gradient(std::size_t, Gradient<float>&) const;
template DESCENT_API double PassSums::loss_and_gradient(std::size_t, Gradient<double>&) const;
template DESCENT_API float PassSums::descend(std::size_t, Params<float>&, double, Gradient<float>&) const;
template DESCENT_API double PassSums::descend(std::size_t, Params<double>&, double, Gradient<double>&) const;

}  // namespace descent
