// predict: b + sum_j w_j x_j per row, in double vectors (float and 16-bit rows widened on load,
// float predictions narrowed on store).
#pragma once

#include <cstddef>

#include "../scalar_rows.hpp"
#include "arch_helpers.hpp"

namespace descent::detail {
namespace {

template <class Arch, class T, class P = parameter_t<T>>
void simd_predict(const DatasetView<T>& data, P b, const P* w, P* out) {
    constexpr std::size_t lanes = Doubles<Arch>::size;
    const std::size_t full = data.n - data.n % lanes;
    for (std::size_t i = 0; i < full; i += lanes) {
        Doubles<Arch> prediction(double{b});
        for (std::size_t j = 0; j < data.d; ++j)
            prediction = xsimd::fma(Doubles<Arch>(double{w[j]}), load_doubles<Arch>(data.feature(j) + i), prediction);
        store_doubles<Arch>(prediction, out + i);
    }
    scalar_predict(data.rows(full, data.n), b, w, out + full);
}

}  // namespace
}  // namespace descent::detail
