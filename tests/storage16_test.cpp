// The 16-bit storage types: every 16-bit value converts exactly to float and back, and a float
// converts to the nearest 16-bit value, ties to even, checked against a reference that searches
// the sorted list of all of them (at every midpoint between two neighbours, one float on either
// side of it, and a million floats spread over every exponent).
#include <gtest/gtest.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

#include "descent/storage16.hpp"

namespace descent {
namespace {

template <class T>
T from_bits(std::uint32_t bits) {
    return T{static_cast<std::uint16_t>(bits)};
}

template <class T>
void expect_every_value_round_trips() {
    for (std::uint32_t bits = 0; bits <= 0xffff; ++bits) {
        const float value = to_float(from_bits<T>(bits));
        if (std::isnan(value)) {
            EXPECT_TRUE(std::isnan(to_float(to_storage16<T>(value)))) << bits;
            continue;
        }
        EXPECT_EQ(to_storage16<T>(value).bits, bits) << "bits " << bits << " = " << value;
    }
}

TEST(Storage16, KnownValuesAreExact) {
    EXPECT_EQ(to_float(f16{0x3c00}), 1.f);
    EXPECT_EQ(to_float(f16{0xc000}), -2.f);
    EXPECT_EQ(to_float(f16{0x7bff}), 65504.f);              // the largest finite half
    EXPECT_EQ(to_float(f16{0x0400}), std::ldexp(1.f, -14));  // the smallest normal
    EXPECT_EQ(to_float(f16{0x0001}), std::ldexp(1.f, -24));  // the smallest subnormal
    EXPECT_EQ(to_float(f16{0x7c00}), INFINITY);
    EXPECT_EQ(to_float(bf16{0x3f80}), 1.f);
    EXPECT_EQ(to_float(bf16{0x7f7f}), std::bit_cast<float>(0x7f7f0000u));  // the largest finite bfloat16
    EXPECT_EQ(to_float(bf16{0x0001}), std::bit_cast<float>(0x00010000u));  // a float subnormal
}

TEST(Storage16, EveryBf16RoundTripsThroughFloat) { expect_every_value_round_trips<bf16>(); }
TEST(Storage16, EveryF16RoundTripsThroughFloat) { expect_every_value_round_trips<f16>(); }

// The non-negative finite values in increasing order (their bits increase with them), then the
// infinity, standing one last-place step above the largest finite value: IEEE rounds to it
// from the midpoint up, the largest finite value's bits being odd.
template <class T>
std::vector<std::pair<double, std::uint16_t>> non_negative_values() {
    std::vector<std::pair<double, std::uint16_t>> values;
    for (std::uint32_t bits = 0; bits < 0x8000; ++bits) {
        const double value = to_float(from_bits<T>(bits));
        if (std::isinf(value)) {
            const double step = values.back().first - values[values.size() - 2].first;
            values.emplace_back(values.back().first + step, static_cast<std::uint16_t>(bits));
            break;
        }
        values.emplace_back(value, static_cast<std::uint16_t>(bits));
    }
    return values;
}

// The nearest of the list to |value| (exact in double), ties to the even bits, with the sign.
template <class T>
std::uint16_t reference(float value, const std::vector<std::pair<double, std::uint16_t>>& values) {
    const double target = std::fabs(double{value});
    const std::uint16_t sign = std::signbit(value) ? 0x8000 : 0;
    const auto above = std::lower_bound(values.begin(), values.end(), std::pair<double, std::uint16_t>{target, 0});
    if (above == values.end()) return sign | values.back().second;
    if (above->first == target || above == values.begin()) return sign | above->second;
    const auto below = above - 1;
    const double up = above->first - target, down = target - below->first;
    if (up < down) return sign | above->second;
    if (down < up) return sign | below->second;
    return sign | (above->second % 2 == 0 ? above->second : below->second);
}

template <class T>
void expect_nearest_ties_to_even() {
    const auto values = non_negative_values<T>();
    std::vector<float> probes;
    for (std::size_t k = 0; k + 1 < values.size(); ++k) {
        const float midpoint = static_cast<float>((values[k].first + values[k + 1].first) / 2);  // exact in float
        probes.insert(probes.end(), {midpoint, std::nextafter(midpoint, 0.f), std::nextafter(midpoint, INFINITY)});
    }
    for (std::uint64_t bits = 0; bits < 0x7f800000; bits += 2039) probes.push_back(std::bit_cast<float>(static_cast<std::uint32_t>(bits)));
    probes.push_back(std::numeric_limits<float>::max());
    std::size_t failures = 0;
    for (float magnitude : probes)
        for (float value : {magnitude, -magnitude}) {
            const std::uint16_t expected = reference<T>(value, values), got = to_storage16<T>(value).bits;
            if (got != expected && ++failures <= 10)
                ADD_FAILURE() << value << " (float bits " << std::bit_cast<std::uint32_t>(value) << "): got " << got
                              << ", nearest ties to even is " << expected;
        }
    EXPECT_EQ(failures, 0u) << "of " << 2 * probes.size() << " values";
}

TEST(Storage16, Bf16IsTheNearestTiesToEven) { expect_nearest_ties_to_even<bf16>(); }
TEST(Storage16, F16IsTheNearestTiesToEven) { expect_nearest_ties_to_even<f16>(); }

TEST(Storage16, NanStaysNan) {
    EXPECT_TRUE(std::isnan(to_float(to_bf16(std::numeric_limits<float>::quiet_NaN()))));
    EXPECT_TRUE(std::isnan(to_float(to_f16(std::numeric_limits<float>::quiet_NaN()))));
    // A NaN whose payload sits in the bits bf16 drops must not round up to an infinity.
    EXPECT_TRUE(std::isnan(to_float(to_bf16(std::bit_cast<float>(0x7f80ffffu)))));
}

TEST(Storage16, TablesKeepTheLayoutAndEveryValue) {
    const std::vector<float> x = {0.1f, -2.5f, 65504.f, 1e-6f, 3.f, 4.f}, y = {1.f, 2.f, 3.f};
    const DatasetView<float> view = make_view<float>(x, 2, y);
    const Dataset<f16> half = to_f16(view);
    const Dataset<bf16> brain = to_bf16(view);
    ASSERT_EQ(half.n(), 3u);
    ASSERT_EQ(half.d, 2u);
    EXPECT_EQ(half.stride, padded_stride<f16>(3));
    for (std::size_t j = 0; j < 2; ++j)
        for (std::size_t i = 0; i < 3; ++i) {
            EXPECT_EQ(half.column(j)[i].bits, to_f16(x[j * 3 + i]).bits);
            EXPECT_EQ(brain.column(j)[i].bits, to_bf16(x[j * 3 + i]).bits);
        }
    for (std::size_t i = 0; i < 3; ++i) EXPECT_EQ(half.y[i].bits, to_f16(y[i]).bits);
}

template <class Convert>
std::string error_of(Convert convert) {
    try {
        convert();
    } catch (const std::invalid_argument& e) {
        return e.what();
    }
    return "no error";
}

TEST(Storage16, TablesRefuseWhatTheTypeCannotHold) {
    const std::vector<float> y = {1.f, 2.f, 3.f};
    const std::vector<float> big = {1.f, 2.f, 3.f, 4.f, 7e4f, 6.f};  // row 1 of feature 1 is beyond f16's 65504
    EXPECT_EQ(error_of([&] { to_f16(make_view<float>(big, 2, y)); }),
              "row 1, feature 1: 70000.000000 is beyond f16's range: the table cannot be stored as f16");
    EXPECT_NO_THROW(to_bf16(make_view<float>(big, 2, y)));
    const std::vector<float> nan_target = {1.f, std::numeric_limits<float>::quiet_NaN(), 3.f};
    EXPECT_EQ(error_of([&] { to_bf16(make_view<float>(y, nan_target)); }),
              "row 1, the target: nan is not finite: the table cannot be stored as bf16");
    const std::vector<float> huge = {std::numeric_limits<float>::max(), 1.f, 1.f};  // rounds up to bf16's infinity
    EXPECT_EQ(error_of([&] { to_bf16(make_view<float>(huge, y)); }).substr(0, 20), "row 0, feature 0: 34");
}

}  // namespace
}  // namespace descent
