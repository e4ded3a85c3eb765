#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>
#include <utility>

#include "descent/random.hpp"
#include "descent/synthetic.hpp"

namespace descent {
namespace {

TEST(Random, SameSeedSameStreamOtherSeedOtherStream) {
    Random a(42), b(42), c(43);
    for (int i = 0; i < 100; ++i) {
        const std::uint64_t va = a.next();
        EXPECT_EQ(va, b.next());
        EXPECT_NE(va, c.next());
    }
}

TEST(Random, DiscardLandsWhereThatManyDrawsWould) {
    for (const std::uint64_t draws : {0ull, 1ull, 2ull, 63ull, 64ull, 65ull, 1000ull, 123457ull}) {
        Random stepped(42), jumped(42);
        for (std::uint64_t i = 0; i < draws; ++i) stepped.next();
        jumped.discard(draws);
        for (int i = 0; i < 4; ++i) EXPECT_EQ(jumped.next(), stepped.next()) << draws << " draws";
    }
}

TEST(Synthetic, AnyRangeOfRowsIsTheSameRowsOfTheWholeTable) {
    for (const std::size_t d : {std::size_t{1}, std::size_t{3}}) {
        SyntheticSpec spec;
        spec.n = 5000;
        spec.w_true = example_true_weights(d);
        const Dataset<double> whole = make_synthetic<double>(spec);
        for (const auto& [begin, end] : {std::pair<std::size_t, std::size_t>{0, 10}, {1, 2}, {777, 4321}, {4999, 5000}, {5000, 5000}}) {
            const Dataset<double> part = make_synthetic_rows<double>(spec, begin, end);
            ASSERT_EQ(part.n(), end - begin);
            for (std::size_t i = begin; i < end; ++i) {
                for (std::size_t j = 0; j < d; ++j) EXPECT_EQ(part.column(j)[i - begin], whole.column(j)[i]);
                EXPECT_EQ(part.y[i - begin], whole.y[i]);
            }
        }
    }
    EXPECT_THROW(make_synthetic_rows<double>(SyntheticSpec{}, 50, 101), std::invalid_argument);
}

TEST(Random, NormalHasZeroMeanAndUnitVariance) {
    Random random(7);
    const int n = 200000;
    double sum = 0, squares = 0;
    for (int i = 0; i < n; ++i) {
        const double v = random.normal();
        sum += v;
        squares += v * v;
    }
    // Standard errors: 1/sqrt(n) for the mean, sqrt(2/n) for the variance; 5 of them.
    EXPECT_NEAR(sum / n, 0.0, 5 / std::sqrt(n));
    EXPECT_NEAR(squares / n, 1.0, 5 * std::sqrt(2.0 / n));
}

TEST(Random, BelowStaysInRange) {
    Random random(1);
    for (int i = 0; i < 10000; ++i) EXPECT_LT(random.below(7), 7u);
}

TEST(Synthetic, FollowsTheModelAndRepeatsForTheSameSeed) {
    SyntheticSpec spec;
    spec.n = 100000;
    const Dataset<double> data = make_synthetic<double>(spec);
    const Dataset<double> again = make_synthetic<double>(spec);
    EXPECT_EQ(data.x, again.x);
    EXPECT_EQ(data.y, again.y);
    // The residuals of the true model are the noise: mean 0, standard deviation 0.1.
    double sum = 0, squares = 0;
    for (std::size_t i = 0; i < spec.n; ++i) {
        EXPECT_GE(data.x[i], 0.0);
        EXPECT_LT(data.x[i], 1.0);
        const double noise = data.y[i] - (1.0 + 2.0 * data.x[i]);
        sum += noise;
        squares += noise * noise;
    }
    EXPECT_NEAR(sum / spec.n, 0.0, 5 * 0.1 / std::sqrt(spec.n));
    EXPECT_NEAR(std::sqrt(squares / spec.n), 0.1, 0.002);
}

}  // namespace
}  // namespace descent
