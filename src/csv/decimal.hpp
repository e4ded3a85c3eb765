// The common case of a numeric cell, [-]digits[.digits][(e|E)[+-]digits] with at most 19
// significant digits, parsed without std::from_chars and with its result: the digits make an
// exact integer m <= 2^53 and 10^|e| <= 10^22 is exact in double, so m * 10^e or m / 10^-e is
// one correctly rounded operation (Clinger's fast path). Anything else returns nullptr and the
// caller asks std::from_chars, which costs 40 ns a number here, as much as the rest of a cell.
#pragma once

#include <bit>
#include <cstdint>
#include <cstring>

namespace descent::csv {

namespace detail {

// Eight ASCII bytes as a little-endian word, whatever the machine's byte order.
inline std::uint64_t load_eight(const char* p) {
    std::uint64_t word;
    std::memcpy(&word, p, sizeof word);
    if constexpr (std::endian::native == std::endian::big) word = __builtin_bswap64(word);
    return word;
}

inline bool eight_digits(std::uint64_t word) {
    return ((word & 0xF0F0F0F0F0F0F0F0) | (((word + 0x0606060606060606) & 0xF0F0F0F0F0F0F0F0) >> 4)) ==
           0x3333333333333333;
}

// The value of eight digits in three multiplications (the SWAR step fast_float uses).
inline std::uint64_t eight_digit_value(std::uint64_t word) {
    word -= 0x3030303030303030;
    word = word * 10 + (word >> 8);
    return (((word & 0x000000FF000000FF) * 0x000F424000000064) + (((word >> 16) & 0x000000FF000000FF) * 0x0000271000000001)) >> 32;
}

// Appends the digits at p to m; returns where they stop. A run of up to eight digits costs
// one word and no branch per digit: number lengths vary, and a branch per digit mispredicts.
inline const char* digits(const char* p, const char* end, std::uint64_t& m) {
    static constexpr std::uint64_t scale[] = {1, 10, 100, 1000, 10000, 100000, 1000000, 10000000};
    constexpr std::uint64_t zeros = 0x3030303030303030;
    while (end - p >= 8) {
        const std::uint64_t word = load_eight(p);
        const std::uint64_t x = word ^ zeros;  // a digit is now a byte <= 9
        const std::uint64_t not_digits = ((x + 0x7676767676767676) | x) & 0x8080808080808080;
        if (!not_digits) {
            m = m * 100000000 + eight_digit_value(word);
            p += 8;
            continue;
        }
        const int run = std::countr_zero(not_digits) / 8;  // digits before the first other byte
        if (run) m = m * scale[run] + eight_digit_value((word << (8 * (8 - run))) | (zeros >> (8 * run)));
        return p + run;
    }
    for (; p < end && static_cast<unsigned char>(*p - '0') < 10; ++p) m = m * 10 + static_cast<unsigned>(*p - '0');
    return p;
}

}  // namespace detail

// Where the number ends, or nullptr when it is not one this fast path can round correctly.
// Leading zeros count toward the 19 digits: such cells go to from_chars, which is only slower.
template <class T>
const char* fast_decimal(const char* p, const char* end, T& value) {
    static constexpr double powers[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
                                        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
    const bool negative = p < end && *p == '-';
    p += negative;
    std::uint64_t m = 0;
    const char* integer = p;
    p = detail::digits(p, end, m);
    long count = p - integer;
    int exponent = 0;
    if (p < end && *p == '.') {
        const char* fraction = ++p;
        p = detail::digits(p, end, m);
        exponent = -static_cast<int>(p - fraction);
        count += p - fraction;
    }
    if (count == 0 || count > 19) return nullptr;  // 19 digits cannot wrap m around
    if (p < end && (*p == 'e' || *p == 'E')) {
        const char* q = p + 1;
        const bool minus = q < end && *q == '-';
        q += q < end && (*q == '-' || *q == '+');
        if (q == end || static_cast<unsigned char>(*q - '0') >= 10) return nullptr;  // "1e": from_chars decides
        int written = 0;
        for (; q < end && static_cast<unsigned char>(*q - '0') < 10; ++q)
            if ((written = written * 10 + (*q - '0')) > 1000) return nullptr;
        exponent += minus ? -written : written;
        p = q;
    }
    if (m > (std::uint64_t{1} << 53) || exponent < -22 || exponent > 22) return nullptr;
    double result = static_cast<double>(m);
    result = exponent < 0 ? result / powers[-exponent] : result * powers[exponent];
    if constexpr (sizeof(T) == sizeof(float)) {
        // Rounding the double to float is the correctly rounded float unless the double sits
        // exactly halfway between two floats (its 29 bits below float's precision read 1000...).
        std::uint64_t bits;
        std::memcpy(&bits, &result, sizeof bits);
        if ((bits & ((std::uint64_t{1} << 29) - 1)) == (std::uint64_t{1} << 28)) return nullptr;
    }
    value = static_cast<T>(negative ? -result : result);
    return p;
}

}  // namespace descent::csv
