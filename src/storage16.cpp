#include "descent/storage16.hpp"

#include <bit>
#include <cmath>
#include <stdexcept>
#include <string>
#include <type_traits>

namespace descent {

namespace {

std::uint32_t bits_of(float value) { return std::bit_cast<std::uint32_t>(value); }
float float_of(std::uint32_t bits) { return std::bit_cast<float>(bits); }

}  // namespace

// bfloat16 is a float's upper half: round the lower half away, to nearest, ties to even (adding
// 0x7fff plus the kept part's last bit carries into it exactly when the lower half is more than
// half, or half and the kept part odd). A NaN could round to an infinity that way: it is kept
// a quiet NaN instead.
bf16 to_bf16(float value) {
    const std::uint32_t bits = bits_of(value);
    if (std::isnan(value)) return {static_cast<std::uint16_t>((bits >> 16) | 0x0040)};
    const std::uint32_t rounded = bits + 0x7fff + ((bits >> 16) & 1);
    return {static_cast<std::uint16_t>(rounded >> 16)};
}

// binary16 from float, ties to even (F. Giesen's float_to_half_fast3_rtne): normal results by
// the same carry as bf16 after rebiasing the exponent; subnormal results by one float addition
// of a power of two that puts the half's last place at the float's last place, so that the
// FPU's own rounding (to nearest, ties to even) does it.
f16 to_f16(float value) {
    constexpr std::uint32_t infinity = 255u << 23, beyond_half = (127u + 16) << 23;
    constexpr std::uint32_t subnormal_magic = ((127u - 15) + (23 - 10) + 1) << 23;
    std::uint32_t x = bits_of(value);
    const std::uint32_t sign = x & 0x80000000u;
    x ^= sign;
    std::uint32_t half;
    if (x >= beyond_half) {  // 2^16 and up, an infinity or a NaN
        half = x > infinity ? 0x7e00 : 0x7c00;
    } else if (x < (113u << 23)) {  // below 2^-14: a subnormal half, or zero
        half = bits_of(float_of(x) + float_of(subnormal_magic)) - subnormal_magic;
    } else {
        const std::uint32_t odd = (x >> 13) & 1;
        x += ((15u - 127u) << 23) + 0xfff + odd;  // rebias, then round the 13 dropped bits
        half = x >> 13;
    }
    return {static_cast<std::uint16_t>(half | (sign >> 16))};
}

namespace {

// Whether `stored`, the value's conversion, keeps it (exactly or rounded), rather than losing it:
// a value that is not finite, or one rounded to an infinity.
template <class T>
bool kept(float value, T stored) {
    return std::isfinite(value) && std::isfinite(to_float(stored));
}

// The first value in row order that is not kept, as the error that names it.
template <class T>
[[noreturn]] void refuse_first_unstorable(const DatasetView<float>& data, const char* type) {
    for (std::size_t i = 0; i < data.n; ++i)
        for (std::size_t j = 0; j <= data.d; ++j) {
            const float value = j < data.d ? data.feature(j)[i] : data.y[i];
            if (kept(value, to_storage16<T>(value))) continue;
            const std::string column = j < data.d ? "feature " + std::to_string(j) : "the target";
            throw std::invalid_argument("row " + std::to_string(i) + ", " + column + ": " + std::to_string(value) +
                                        (std::isfinite(value) ? " is beyond " + std::string(type) + "'s range"
                                                              : " is not finite") +
                                        ": the table cannot be stored as " + type);
        }
    throw std::logic_error("refuse_first_unstorable: every value is kept");
}

template <class T>
Dataset<T> converted(const DatasetView<float>& data, const char* type) {
    Dataset<T> out;
    out.resize(data.n, data.d);
    bool lossless = true;
    const auto convert = [&lossless](const float* in, std::size_t n, T* to) {
        for (std::size_t i = 0; i < n; ++i) {
            to[i] = to_storage16<T>(in[i]);
            lossless &= kept(in[i], to[i]);
        }
    };
    for (std::size_t j = 0; j < data.d; ++j) convert(data.feature(j), data.n, out.column(j));
    convert(data.y, data.n, out.y.data());
    if (!lossless) refuse_first_unstorable<T>(data, type);
    return out;
}

}  // namespace

Dataset<bf16> to_bf16(const DatasetView<float>& data) { return converted<bf16>(data, "bf16"); }
Dataset<f16> to_f16(const DatasetView<float>& data) { return converted<f16>(data, "f16"); }

}  // namespace descent
