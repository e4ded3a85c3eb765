#include "descent/scaler.hpp"

#include <cmath>
#include <span>
#include <stdexcept>
#include <string>

namespace descent {

namespace {

void check_count(std::size_t expected, std::size_t got, const char* what) {
    if (expected != got)
        throw std::invalid_argument(std::string("the scaler's ") + what + " are for " + std::to_string(got) +
                                    " features, the rows have " + std::to_string(expected));
}

void check_rows(std::size_t n) {
    if (n == 0) throw std::invalid_argument("cannot fit a scaler on an empty training set");
}

}  // namespace

template <class T>
void StandardScaler::add_column_sums(const DatasetView<T>& rows, std::span<long double> sums) {
    check_count(rows.d, sums.size(), "sums");
    for (std::size_t j = 0; j < rows.d; ++j) {
        const T* column = rows.feature(j);
        long double sum = sums[j];
        for (std::size_t i = 0; i < rows.n; ++i) sum += column[i];
        sums[j] = sum;
    }
}

std::vector<double> StandardScaler::means_from_sums(std::span<const long double> sums, std::size_t n) {
    check_rows(n);
    std::vector<double> means;
    for (const long double sum : sums) means.push_back(static_cast<double>(sum / n));
    return means;
}

// The second of two passes: squares about the mean, no cancellation of sum x^2 - n mean^2.
template <class T>
void StandardScaler::add_squares_about(const DatasetView<T>& rows, std::span<const double> means, std::span<long double> squares) {
    check_count(rows.d, means.size(), "means");
    check_count(rows.d, squares.size(), "squares");
    for (std::size_t j = 0; j < rows.d; ++j) {
        const T* column = rows.feature(j);
        const double mean = means[j];
        long double sum = squares[j];
        for (std::size_t i = 0; i < rows.n; ++i) sum += (column[i] - mean) * (column[i] - mean);
        squares[j] = sum;
    }
}

StandardScaler StandardScaler::from_sums(std::span<const double> means, std::span<const long double> squares, std::size_t n,
                                         const std::vector<std::string>& feature_names) {
    check_rows(n);
    check_count(means.size(), squares.size(), "squares");
    StandardScaler scaler;
    for (std::size_t j = 0; j < means.size(); ++j) {
        const double scale = std::sqrt(static_cast<double>(squares[j] / n));
        if (!(scale > 0)) {
            const std::string name = j < feature_names.size() ? "'" + feature_names[j] + "'" : std::to_string(j + 1);
            throw std::invalid_argument("feature " + name + " has zero variance in the training split (every value is " +
                                        std::to_string(means[j]) + "): it cannot be standardized; drop it");
        }
        scaler.mean_.push_back(means[j]);
        scaler.scale_.push_back(scale);
    }
    return scaler;
}

template <class T>
StandardScaler StandardScaler::fit(const DatasetView<T>& train, const std::vector<std::string>& feature_names) {
    check_rows(train.n);
    std::vector<long double> sums(train.d, 0.0L), squares(train.d, 0.0L);
    add_column_sums(train, std::span<long double>(sums));
    const std::vector<double> means = means_from_sums(sums, train.n);
    add_squares_about(train, std::span<const double>(means), std::span<long double>(squares));
    return from_sums(means, squares, train.n, feature_names);
}

template <class T>
Dataset<T> StandardScaler::transform(const DatasetView<T>& data) const {
    Dataset<T> out;
    out.assign(data);
    transform_in_place(out);
    return out;
}

template <class T>
void StandardScaler::transform_in_place(Dataset<T>& data) const {
    if (data.d != mean_.size())
        throw std::invalid_argument("the scaler was fitted on " + std::to_string(mean_.size()) + " features, the data has " +
                                    std::to_string(data.d));
    for (std::size_t j = 0; j < data.d; ++j)
        for (T& x : std::span(data.column(j), data.n())) x = static_cast<T>((x - mean_[j]) / scale_[j]);
}

template <class T>
Params<T> StandardScaler::to_original_units(const Params<T>& standardized) const {
    Params<T> original{standardized.b, {}};
    double b = standardized.b;
    for (std::size_t j = 0; j < mean_.size(); ++j) {
        const double w = standardized.w[j] / scale_[j];
        original.w.push_back(static_cast<T>(w));
        b -= w * mean_[j];
    }
    original.b = static_cast<T>(b);
    return original;
}

template <class T>
Params<T> StandardScaler::to_standardized_units(const Params<T>& original) const {
    Params<T> standardized{original.b, {}};
    double b = original.b;
    for (std::size_t j = 0; j < mean_.size(); ++j) {
        standardized.w.push_back(static_cast<T>(original.w[j] * scale_[j]));
        b += original.w[j] * mean_[j];
    }
    standardized.b = static_cast<T>(b);
    return standardized;
}

template void StandardScaler::add_column_sums(const DatasetView<float>&, std::span<long double>);
template void StandardScaler::add_column_sums(const DatasetView<double>&, std::span<long double>);
template void StandardScaler::add_squares_about(const DatasetView<float>&, std::span<const double>, std::span<long double>);
template void StandardScaler::add_squares_about(const DatasetView<double>&, std::span<const double>, std::span<long double>);
template StandardScaler StandardScaler::fit(const DatasetView<float>&, const std::vector<std::string>&);
template StandardScaler StandardScaler::fit(const DatasetView<double>&, const std::vector<std::string>&);
template Dataset<float> StandardScaler::transform(const DatasetView<float>&) const;
template Dataset<double> StandardScaler::transform(const DatasetView<double>&) const;
template void StandardScaler::transform_in_place(Dataset<float>&) const;
template void StandardScaler::transform_in_place(Dataset<double>&) const;
template Params<float> StandardScaler::to_original_units(const Params<float>&) const;
template Params<double> StandardScaler::to_original_units(const Params<double>&) const;
template Params<float> StandardScaler::to_standardized_units(const Params<float>&) const;
template Params<double> StandardScaler::to_standardized_units(const Params<double>&) const;

}  // namespace descent
