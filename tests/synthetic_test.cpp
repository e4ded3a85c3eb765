#include <gtest/gtest.h>

#include <cmath>

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
