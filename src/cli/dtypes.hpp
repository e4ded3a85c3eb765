// The element types the commands take (--dtype): their names, and synthetic tables of each.
#pragma once

#include <string>
#include <type_traits>
#include <vector>

#include "descent/dataset.hpp"
#include "descent/storage16.hpp"
#include "descent/synthetic.hpp"

namespace descent::cli {

// What --dtype accepts.
inline const std::vector<std::string> kDtypes{"f32", "f64", "bf16", "f16"};

// Whether `dtype` names 16-bit storage, which fit's callers outside one process (MPI) refuse.
inline bool is_storage16_dtype(const std::string& dtype) { return dtype == "bf16" || dtype == "f16"; }

// f(a value of the element type `dtype` names), one of kDtypes.
template <class F>
decltype(auto) with_dtype(const std::string& dtype, F&& f) {
    if (dtype == "f32") return f(float{});
    if (dtype == "f64") return f(double{});
    if (dtype == "bf16") return f(bf16{});
    return f(f16{});
}

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
    if constexpr (is_storage16<T>)
        return to_storage16<T>(make_synthetic<float>(spec).view());
    else
        return make_synthetic<T>(spec);
}

}  // namespace descent::cli
