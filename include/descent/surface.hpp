// The book's loss surface: the mse over a grid of (b, w) for one-feature data.
#pragma once

#include <vector>

#include "descent/dataset.hpp"
#include "descent/export.h"
#include "descent/implementation.hpp"

namespace descent {

struct LossSurface {
    std::vector<double> b;    // grid coordinates, ascending
    std::vector<double> w;
    std::vector<double> mse;  // mse[i * w.size() + k] at (b[i], w[k])
};

// points x points values of the mse for b in center_b +- half_width and w in center_w +-
// half_width, computed with impl's mse kernel, OpenMP threads over the grid points. Throws
// std::invalid_argument unless d == 1, points >= 2 and half_width > 0.
template <class T>
DESCENT_API LossSurface loss_surface(const Implementation& impl, const DatasetView<T>& data, double center_b, double center_w,
                                     double half_width, std::size_t points);

}  // namespace descent
