#include "descent/split.hpp"

#include <cmath>
#include <numeric>
#include <stdexcept>
#include <string>
#include <vector>

#include "descent/random.hpp"
#include "descent/storage16.hpp"

namespace descent {

std::vector<std::size_t> shuffled_indices(std::size_t n, std::uint64_t seed) {
    std::vector<std::size_t> indices(n);
    std::iota(indices.begin(), indices.end(), std::size_t{0});
    Random random(seed);
    for (std::size_t i = n; i > 1; --i) std::swap(indices[i - 1], indices[random.below(i)]);
    return indices;
}

template <class T>
void gather_rows(const DatasetView<T>& data, std::span<const std::size_t> rows, Dataset<T>& out) {
    const std::size_t m = rows.size();
    if (out.d != data.d || out.n() != m) out.resize(m, data.d);  // a mini-batch reuses its storage
    for (std::size_t j = 0; j < data.d; ++j) {
        const T* column = data.feature(j);
        T* to = out.column(j);
        for (std::size_t i = 0; i < m; ++i) to[i] = column[rows[i]];
    }
    for (std::size_t i = 0; i < m; ++i) out.y[i] = data.y[rows[i]];
}

std::size_t training_rows(std::size_t n, double validation_fraction) {
    if (!(validation_fraction >= 0 && validation_fraction < 1))
        throw std::invalid_argument("the validation fraction must be in [0, 1), got " + std::to_string(validation_fraction));
    const auto n_train = static_cast<std::size_t>(std::llround(static_cast<double>(n) * (1 - validation_fraction)));
    if (n_train == 0)
        throw std::invalid_argument("a validation fraction of " + std::to_string(validation_fraction) + " leaves no row of " +
                                    std::to_string(n) + " to train on");
    return n_train;
}

template <class T>
Split<T> shuffled_split(const DatasetView<T>& data, double validation_fraction, std::uint64_t seed) {
    const std::size_t n_train = training_rows(data.n, validation_fraction);
    const std::vector<std::size_t> order = shuffled_indices(data.n, seed);
    Split<T> split;
    gather_rows(data, std::span(order).first(n_train), split.train);
    gather_rows(data, std::span(order).subspan(n_train), split.validation);
    return split;
}

template <class T>
void shuffle_rows(Dataset<T>& data, std::uint64_t seed) {
    Random random(seed);
    const std::size_t n = data.n();
    for (std::size_t i = n; i > 1; --i) {
        const std::size_t k = random.below(i);
        for (std::size_t j = 0; j < data.d; ++j) std::swap(data.column(j)[i - 1], data.column(j)[k]);
        std::swap(data.y[i - 1], data.y[k]);
    }
}

template Split<float> shuffled_split(const DatasetView<float>&, double, std::uint64_t);
template Split<double> shuffled_split(const DatasetView<double>&, double, std::uint64_t);
template void shuffle_rows(Dataset<float>&, std::uint64_t);
template void shuffle_rows(Dataset<double>&, std::uint64_t);
template void gather_rows(const DatasetView<float>&, std::span<const std::size_t>, Dataset<float>&);
template void gather_rows(const DatasetView<double>&, std::span<const std::size_t>, Dataset<double>&);

template void gather_rows(const DatasetView<bf16>&, std::span<const std::size_t>, Dataset<bf16>&);
template void gather_rows(const DatasetView<f16>&, std::span<const std::size_t>, Dataset<f16>&);

}  // namespace descent
