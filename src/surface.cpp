#include "descent/surface.hpp"

#include <cmath>
#include <stdexcept>
#include <string>

namespace descent {

template <class T>
LossSurface loss_surface(const Implementation& impl, const DatasetView<T>& data, double center_b, double center_w,
                         double half_width, std::size_t points) {
    if (data.d != 1)
        throw std::invalid_argument("the loss surface is drawn over (b, w) for one feature; the data has d = " +
                                    std::to_string(data.d));
    if (points < 2) throw std::invalid_argument("the grid needs at least 2 points a side");
    if (!(half_width > 0) || !std::isfinite(half_width)) throw std::invalid_argument("the grid's half width must be positive");
    if (data.n == 0) throw std::invalid_argument("the loss surface of an empty dataset is undefined");
    LossSurface surface;
    const double step = 2 * half_width / static_cast<double>(points - 1);
    for (std::size_t i = 0; i < points; ++i) {
        surface.b.push_back(center_b - half_width + step * static_cast<double>(i));
        surface.w.push_back(center_w - half_width + step * static_cast<double>(i));
    }
    surface.mse.resize(points * points);
    // Each grid point is one mse pass; a threaded impl runs single-threaded inside (nested
    // parallelism is off), so the threads go where the work is.
#pragma omp parallel for schedule(dynamic, 1)
    for (std::ptrdiff_t cell = 0; cell < static_cast<std::ptrdiff_t>(points * points); ++cell) {
        const std::size_t i = static_cast<std::size_t>(cell) / points, k = static_cast<std::size_t>(cell) % points;
        const Params<T> params{static_cast<T>(surface.b[i]), {static_cast<T>(surface.w[k])}};
        surface.mse[static_cast<std::size_t>(cell)] = impl.mse(data, params);
    }
    return surface;
}

template LossSurface loss_surface(const Implementation&, const DatasetView<float>&, double, double, double, std::size_t);
template LossSurface loss_surface(const Implementation&, const DatasetView<double>&, double, double, double, std::size_t);

}  // namespace descent
