// A stored value of any element type as a double: exact for float, double, bf16 and f16.
#pragma once

#include "descent/storage16.hpp"

namespace descent::detail {

template <class T>
inline double widened(T value) {
    if constexpr (is_storage16<T>)
        return to_float(value);
    else
        return value;
}

}  // namespace descent::detail
