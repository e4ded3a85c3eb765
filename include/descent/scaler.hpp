// The book's StandardScaler: fit the mean and standard deviation of each feature on the
// training split only, transform every split with them, and map trained parameters back.
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <vector>

#include "descent/dataset.hpp"
#include "descent/export.h"

namespace descent {

class DESCENT_API StandardScaler {
public:
    // Population statistics (ddof = 0, as scikit-learn). A feature with zero variance cannot be
    // scaled: std::invalid_argument names it (from feature_names when given, else its index).
    template <class T>
    static StandardScaler fit(const DatasetView<T>& train, const std::vector<std::string>& feature_names = {});

    // fit in steps, for a table held in parts (descent::mpi): the column sums (long double, d
    // of them, zero to start) continued over every part in row order; the means from them; the
    // squares about the means continued the same way; then the scaler. fit's bits, and its
    // errors (from_sums throws them). Each throws std::invalid_argument for spans of another d.
    template <class T>
    static void add_column_sums(const DatasetView<T>& rows, std::span<long double> sums);
    static std::vector<double> means_from_sums(std::span<const long double> sums, std::size_t n);
    template <class T>
    static void add_squares_about(const DatasetView<T>& rows, std::span<const double> means, std::span<long double> squares);
    static StandardScaler from_sums(std::span<const double> means, std::span<const long double> squares, std::size_t n,
                                    const std::vector<std::string>& feature_names = {});

    // (x - mean) / scale per feature; y is unchanged. The first returns a copy; the second
    // rewrites the features where they are (a table too large to hold twice).
    template <class T>
    Dataset<T> transform(const DatasetView<T>& data) const;
    template <class T>
    void transform_in_place(Dataset<T>& data) const;

    // Parameters trained on standardized features, in the original units:
    // w_j / scale_j, and b - sum_j w_j mean_j / scale_j.
    template <class T>
    Params<T> to_original_units(const Params<T>& standardized) const;
    // The other way, for a starting point given in the original units: w_j * scale_j, and
    // b + sum_j w_j mean_j.
    template <class T>
    Params<T> to_standardized_units(const Params<T>& original) const;

    const std::vector<double>& mean() const { return mean_; }
    const std::vector<double>& scale() const { return scale_; }

private:
    std::vector<double> mean_, scale_;
};

}  // namespace descent
