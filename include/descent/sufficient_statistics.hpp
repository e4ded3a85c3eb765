// The data's whole part in the full-batch mse and its gradient: n and the sums of x_j, y,
// x_j x_k, x_j y and y^2, taken about the first row (x - x_1, y - y_1), which keeps them from
// cancelling when the data lies far from zero. One pass collects them
// (Implementation::statistics); from them the pass sums of any (b, w) cost O(d^2), whatever n,
// so every full-batch epoch after the pass does too (FitOptions::method =
// FitMethod::sufficient_statistics; the accuracy: docs/accuracy.md).
#pragma once

#include <cstddef>
#include <vector>

#include "descent/dataset.hpp"
#include "descent/export.h"
#include "descent/pass_sums.hpp"

namespace descent {

class DESCENT_API SufficientStatistics {
public:
    // What an implementation's statistics() pass made (Implementation::statistics is how to get
    // them): n rows, the shift (x_1 .. x_d, then y of the first row) and the compensated sums of
    // the shifted values and of their pairwise products, in the layout of src/kernels/row_kernels.hpp.
    SufficientStatistics(std::size_t n, std::vector<double> shift, std::vector<CompensatedSum> sums);

    std::size_t n() const { return n_; }
    std::size_t d() const { return shift_.size() - 1; }
    // Whether every sum is finite: false when a value is not, or the squares overflow.
    bool finite() const;

    // The sums a pass over the rows would give at (b, w): sum e, sum e^2, sum x_j e with
    // e = b + w.x - y. Their mse, gradient and step are PassSums' own. Throws
    // std::invalid_argument for parameters of another d.
    template <class T>
    PassSums pass_sums(const Params<T>& params) const;

private:
    std::size_t n_;
    std::vector<double> shift_;
    std::vector<CompensatedSum> sums_;
};

}  // namespace descent
