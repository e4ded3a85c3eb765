// The CSV reader's fast number path against std::from_chars: where it answers, the same bits.
#include <gtest/gtest.h>

#include <charconv>
#include <cstring>
#include <random>
#include <string>

#include "csv/decimal.hpp"

namespace descent::csv {
namespace {

template <class T>
void expect_same_as_from_chars(const std::string& text) {
    T fast{}, reference{};
    const char* end = text.data() + text.size();
    const char* stop = fast_decimal(text.data(), end, fast);
    if (!stop) return;  // refused: from_chars answers instead
    const auto [reference_stop, error] = std::from_chars(text.data(), end, reference);
    ASSERT_EQ(error, std::errc()) << text;
    EXPECT_EQ(stop, reference_stop) << text;
    EXPECT_EQ(std::memcmp(&fast, &reference, sizeof(T)), 0) << text << ": " << fast << " vs " << reference;
}

// Random decimals of every shape the fast path takes: signs, leading zeros, 1-19 digits on
// either side of the point, exponents, and what stops a number (a comma, a letter).
TEST(CsvDecimal, AgreesWithFromChars) {
    std::mt19937_64 random(7);
    auto digits = [&](int count) {
        std::string s;
        for (int i = 0; i < count; ++i) s += static_cast<char>('0' + random() % 10);
        return s;
    };
    for (int i = 0; i < 400000; ++i) {
        std::string text = random() % 3 == 0 ? "-" : "";
        text += digits(static_cast<int>(random() % 12));
        if (random() % 4) text.append(".").append(digits(static_cast<int>(random() % 14)));
        if (random() % 5 == 0)
            text.append(random() % 2 ? "e" : "E").append(random() % 2 ? "-" : "").append(std::to_string(random() % 30));
        text += random() % 2 ? "," : "x9";
        expect_same_as_from_chars<double>(text);
        expect_same_as_from_chars<float>(text);
    }
}

// Decimals that fall exactly halfway between two floats, written with every digit, are
// where rounding through double would go wrong: the fast path must refuse them or agree.
TEST(CsvDecimal, FloatHalfwayCases) {
    int refused = 0;
    for (float f = 1.0f; f < 2.0f; f = std::nextafter(f, 2.0f) + 1e-4f) {
        const double halfway = (static_cast<double>(f) + static_cast<double>(std::nextafter(f, 3.0f))) / 2;
        char text[64];
        const auto [end, error] = std::to_chars(text, text + sizeof text, halfway);
        ASSERT_EQ(error, std::errc());
        float value;
        if (!fast_decimal(text, end, value)) ++refused;
        expect_same_as_from_chars<float>(std::string(text, end));
    }
    EXPECT_GT(refused, 0);  // the halfway decimals that fit 19 digits were seen and refused
}

TEST(CsvDecimal, RefusesWhatItCannotRound) {
    double value;
    for (const std::string text : {"", "-", ".", "1e", "1e+", "12345678901234567890", "1e23", "1e-23", "inf", "nan", "+1"}) {
        EXPECT_EQ(fast_decimal(text.data(), text.data() + text.size(), value), nullptr) << text;
    }
}

}  // namespace
}  // namespace descent::csv
