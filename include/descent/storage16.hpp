// 16-bit storage for data: bfloat16 (float's exponent, 8 significant bits) and IEEE half
// (binary16: 5 exponent bits, 11 significant bits). Each is 2 bytes holding its bits, and every
// value converts exactly to float; a float converts to the nearest one, ties to even, as an
// IEEE conversion does. Tables are converted whole by to_bf16 / to_f16, which refuse what would
// lose a value (a non-finite value, or one beyond the type's range) instead of storing an
// infinity.
#pragma once

#include <cstdint>

#include "descent/dataset.hpp"
#include "descent/export.h"

namespace descent {

struct bf16 {
    std::uint16_t bits = 0;
};
struct f16 {
    std::uint16_t bits = 0;
};

// Nearest, ties to even; beyond the largest finite value (bf16: about 3.39e38, f16: 65504) the
// nearest is an infinity, as in IEEE; a NaN stays a NaN (its payload is not kept).
DESCENT_API bf16 to_bf16(float value);
DESCENT_API f16 to_f16(float value);
// Exact.
DESCENT_API float to_float(bf16 value);
DESCENT_API float to_float(f16 value);

// A float table in 16-bit storage (the library's padded layout). Throws std::invalid_argument
// naming the row and the column (a feature or the target) of the first value that is not
// finite or whose nearest 16-bit value is an infinity; values too small for the type round to
// its subnormals or to zero, as the conversion does.
DESCENT_API Dataset<bf16> to_bf16(const DatasetView<float>& data);
DESCENT_API Dataset<f16> to_f16(const DatasetView<float>& data);

}  // namespace descent
