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

// The synthetic rows of `spec` stored as T: 16-bit tables are made in float and converted.
template <class T>
Dataset<T> synthetic_table(const SyntheticSpec& spec) {
    if constexpr (std::is_same_v<T, bf16>)
        return to_bf16(make_synthetic<float>(spec).view());
    else if constexpr (std::is_same_v<T, f16>)
        return to_f16(make_synthetic<float>(spec).view());
    else
        return make_synthetic<T>(spec);
}

}  // namespace descent::cli
