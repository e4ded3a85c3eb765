#include "descent/scaler.hpp"

#include <cmath>
#include <span>
#include <stdexcept>

namespace descent {

template <class T>
StandardScaler StandardScaler::fit(const DatasetView<T>& train, const std::vector<std::string>& feature_names) {
    if (train.n == 0) throw std::invalid_argument("cannot fit a scaler on an empty training set");
    StandardScaler scaler;
    for (std::size_t j = 0; j < train.d; ++j) {
        const T* column = train.feature(j);
        // Two passes: the mean, then the squares around it (no cancellation of sum x^2 - n mean^2).
        long double sum = 0;
        for (std::size_t i = 0; i < train.n; ++i) sum += column[i];
        const double mean = static_cast<double>(sum / train.n);
        long double squares = 0;
        for (std::size_t i = 0; i < train.n; ++i) squares += (column[i] - mean) * (column[i] - mean);
        const double scale = std::sqrt(static_cast<double>(squares / train.n));
        if (!(scale > 0)) {
            const std::string name = j < feature_names.size() ? "'" + feature_names[j] + "'" : std::to_string(j + 1);
            throw std::invalid_argument("feature " + name + " has zero variance in the training split (every value is " +
                                        std::to_string(mean) + "): it cannot be standardized; drop it");
        }
        scaler.mean_.push_back(mean);
        scaler.scale_.push_back(scale);
    }
    return scaler;
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
