#include "descent/dataset.hpp"

#include <stdexcept>
#include <string>

namespace descent {

template <class T>
DatasetView<T> make_view(std::span<const T> x_feature_major, std::size_t d, std::span<const T> y) {
    if (d == 0) throw std::invalid_argument("a dataset needs at least one feature (d = 0)");
    if (x_feature_major.size() != d * y.size())
        throw std::invalid_argument("x has " + std::to_string(x_feature_major.size()) + " values but y has " +
                                    std::to_string(y.size()) + " rows: with d = " + std::to_string(d) +
                                    " features x must hold " + std::to_string(d * y.size()));
    return {x_feature_major.data(), y.data(), y.size(), d, y.size()};
}

template <class T>
DatasetView<T> make_view(std::span<const T> x, std::span<const T> y) {
    return make_view(x, 1, y);
}

template DatasetView<float> make_view(std::span<const float>, std::span<const float>);
template DatasetView<double> make_view(std::span<const double>, std::span<const double>);
template DatasetView<float> make_view(std::span<const float>, std::size_t, std::span<const float>);
template DatasetView<double> make_view(std::span<const double>, std::size_t, std::span<const double>);

}  // namespace descent
