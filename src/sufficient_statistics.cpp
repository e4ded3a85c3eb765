#include "descent/sufficient_statistics.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>
#include <utility>

#include "kernels/compensated_sum.hpp"
#include "kernels/row_kernels.hpp"

namespace descent {

SufficientStatistics::SufficientStatistics(std::size_t n, std::vector<double> shift, std::vector<CompensatedSum> sums)
    : n_(n), shift_(std::move(shift)), sums_(std::move(sums)) {
    if (shift_.size() < 2 || sums_.size() != detail::statistics_count(shift_.size()))
        throw std::invalid_argument("sufficient statistics need the shift of d + 1 variables (d >= 1) and (d + 1)(d + 4) / 2 sums");
}

bool SufficientStatistics::finite() const {
    return std::all_of(shift_.begin(), shift_.end(), [](double v) { return std::isfinite(v); }) &&
           std::all_of(sums_.begin(), sums_.end(), [](const CompensatedSum& s) { return std::isfinite(detail::value(s)); });
}

// With z = (x - s_x, y - s_y) and c = b + w.s_x - s_y, e = c + w.z_x - z_y, so
//   sum e     = n c + w.S_x - S_y
//   sum e^2   = n c^2 + 2 c (w.S_x - S_y) + w'S_xx w - 2 w.S_xy + S_yy
//   sum x_j e = c S_j + (S_xx w)_j - S_jy + s_j sum e.
template <class T>
PassSums SufficientStatistics::pass_sums(const Params<T>& params) const {
    const std::size_t d = this->d(), m = d + 1;
    if (params.w.size() != d)
        throw std::invalid_argument("the parameters have " + std::to_string(params.w.size()) +
                                    " weights but the statistics have d = " + std::to_string(d) + " features");
    const auto S = [&](std::size_t index) { return detail::value(sums_[index]); };
    const double count = static_cast<double>(n_);
    double c = static_cast<double>(params.b) - shift_[d], w_sx = 0, w_sxx_w = 0, w_sxy = 0;
    std::vector<double> sxx_w(d, 0.0);
    for (std::size_t j = 0; j < d; ++j) {
        const double wj = static_cast<double>(params.w[j]);
        c += wj * shift_[j];
        w_sx += wj * S(detail::first_order(j));
        w_sxy += wj * S(detail::second_order(m, j, d));
        for (std::size_t k = 0; k < d; ++k) sxx_w[j] += S(detail::second_order(m, j, k)) * static_cast<double>(params.w[k]);
        w_sxx_w += wj * sxx_w[j];
    }
    const double linear = w_sx - S(detail::first_order(d));
    const double sum_e = count * c + linear;
    // Rounding can leave a sum of squares that is zero a little below it.
    const double sum_e2 = std::max(0.0, count * c * c + 2 * c * linear + w_sxx_w - 2 * w_sxy + S(detail::second_order(m, d, d)));
    PassSums out(d);
    const std::span<CompensatedSum> values = out.values();
    values[0] = {sum_e, 0};
    values[1] = {sum_e2, 0};
    for (std::size_t j = 0; j < d; ++j)
        values[2 + j] = {c * S(detail::first_order(j)) + sxx_w[j] - S(detail::second_order(m, j, d)) + shift_[j] * sum_e, 0};
    return out;
}

template DESCENT_API PassSums SufficientStatistics::pass_sums(const Params<float>&) const;
template DESCENT_API PassSums SufficientStatistics::pass_sums(const Params<double>&) const;

}  // namespace descent
