// The element types the commands take (--dtype): their names, and synthetic tables of each.
#pragma once

#include <type_traits>

#include "descent/dataset.hpp"
#include "descent/storage16.hpp"
#include "descent/synthetic.hpp"

namespace descent::cli {

template <class T>
constexpr const char* dtype_name() {
    if constexpr (std::is_same_v<T, float>)
        return "f32";
    else if constexpr (std::is_same_v<T, double>)
        return "f64";
    else if constexpr (std::is_same_v<T, bf16>)
        return "bf16";
    else
        return "f16";
}

// A float table in 16-bit storage S (to_bf16 / to_f16: they refuse values beyond S's range).
template <class S>
Dataset<S> stored_as(const DatasetView<float>& data) {
    if constexpr (std::is_same_v<S, bf16>)
        return to_bf16(data);
    else
        return to_f16(data);
}

// The synthetic rows of `spec` stored as T: 16-bit tables are made in float and converted.
template <class T>
Dataset<T> synthetic_table(const SyntheticSpec& spec) {
    if constexpr (is_storage16<T>)
        return stored_as<T>(make_synthetic<float>(spec).view());
    else
        return make_synthetic<T>(spec);
}

}  // namespace descent::cli
