// 16-bit storage for data: bfloat16 (float's exponent, 8 significant bits) and IEEE half
// (binary16: 5 exponent bits, 11 significant bits). Each is 2 bytes holding its bits, and every
// value converts exactly to float; a float converts to the nearest one, ties to even, as an
// IEEE conversion does. Tables are converted whole by to_bf16 / to_f16, which refuse what would
// lose a value (a non-finite value, or one beyond the type's range) instead of storing an
// infinity.
#pragma once

#include <bit>
#include <cstdint>
#include <type_traits>

#include "descent/dataset.hpp"
#include "descent/export.h"

namespace descent {

// DESCENT_API: a template instantiated with a hidden type is hidden too, and the shared library
// would not export Kernels<bf16>, fit<bf16> and the rest.
struct DESCENT_API bf16 {
    std::uint16_t bits = 0;
};
struct DESCENT_API f16 {
    std::uint16_t bits = 0;
};

// What the kernels take and give for data stored as T: the parameters, the predictions, the
// loss and the gradient. T itself for float and double; float for 16-bit data, which is
// computed as the float table of its values would be.
template <class T>
struct parameter_type {
    using type = T;
};
template <>
struct parameter_type<bf16> {
    using type = float;
};
template <>
struct parameter_type<f16> {
    using type = float;
};
template <class T>
using parameter_t = typename parameter_type<T>::type;
template <class T>
inline constexpr bool is_storage16 = std::is_same_v<T, bf16> || std::is_same_v<T, f16>;

// Nearest, ties to even; beyond the largest finite value (bf16: about 3.39e38, f16: 65504) the
// nearest is an infinity, as in IEEE; a NaN stays a NaN (its payload is not kept).
DESCENT_API bf16 to_bf16(float value);
DESCENT_API f16 to_f16(float value);
// Exact. Inline: the kernels' scalar loops widen every value with them.
inline float to_float(bf16 value) { return std::bit_cast<float>(std::uint32_t{value.bits} << 16); }
// F. Giesen's half_to_float: the bits moved into a float's places and the exponent rebiased;
// infinities and NaNs get float's largest exponent; subnormals are normalized by one exact
// float subtraction.
inline float to_float(f16 value) {
    constexpr std::uint32_t exponent_mask = 0x7c00u << 13, magic = 113u << 23;
    std::uint32_t x = (std::uint32_t{value.bits} & 0x7fff) << 13;
    const std::uint32_t exponent = x & exponent_mask;
    x += (127u - 15) << 23;
    if (exponent == exponent_mask) {
        x += (128u - 16) << 23;
    } else if (exponent == 0) {
        x += 1u << 23;
        x = std::bit_cast<std::uint32_t>(std::bit_cast<float>(x) - std::bit_cast<float>(magic));
    }
    return std::bit_cast<float>(x | (std::uint32_t{value.bits} & 0x8000) << 16);
}

// A float table in 16-bit storage (the library's padded layout). Throws std::invalid_argument
// naming the row and the column (a feature or the target) of the first value that is not
// finite or whose nearest 16-bit value is an infinity; values too small for the type round to
// its subnormals or to zero, as the conversion does.
DESCENT_API Dataset<bf16> to_bf16(const DatasetView<float>& data);
DESCENT_API Dataset<f16> to_f16(const DatasetView<float>& data);

// to_bf16 or to_f16 by the storage type S, for code written once for both: a value, or a table.
template <class S>
    requires is_storage16<S>
S to_storage16(float value) {
    if constexpr (std::is_same_v<S, bf16>)
        return to_bf16(value);
    else
        return to_f16(value);
}
template <class S>
    requires is_storage16<S>
Dataset<S> to_storage16(const DatasetView<float>& data) {
    if constexpr (std::is_same_v<S, bf16>)
        return to_bf16(data);
    else
        return to_f16(data);
}

}  // namespace descent
