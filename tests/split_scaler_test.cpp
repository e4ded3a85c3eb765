#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <set>

#include "descent/scaler.hpp"
#include "descent/split.hpp"
#include "descent/synthetic.hpp"

namespace descent {
namespace {

TEST(Split, IsTheBooksEightyTwentyAndCoversEveryRowOnce) {
    const Dataset<double> all = make_synthetic<double>(SyntheticSpec{});
    const Split<double> split = shuffled_split(all.view(), 0.2, 42);
    ASSERT_EQ(split.train.n(), 80u);
    ASSERT_EQ(split.validation.n(), 20u);
    std::multiset<double> seen(split.train.y.begin(), split.train.y.end());
    seen.insert(split.validation.y.begin(), split.validation.y.end());
    EXPECT_EQ(seen, std::multiset<double>(all.y.begin(), all.y.end()));
    // Rows stay whole: each (x, y) pair of the split is a row of the data.
    for (std::size_t i = 0; i < 80; ++i) {
        const auto row = std::find(all.y.begin(), all.y.end(), split.train.y[i]) - all.y.begin();
        EXPECT_EQ(all.x[static_cast<std::size_t>(row)], split.train.x[i]);
    }
    EXPECT_NE(split.train.y, AlignedVector<double>(all.y.begin(), all.y.begin() + 80));  // shuffled
    EXPECT_EQ(shuffled_split(all.view(), 0.2, 42).train.y, split.train.y);             // repeatable
}

TEST(Split, ZeroFractionKeepsEveryRowAndBadFractionsAreErrors) {
    const Dataset<double> all = make_synthetic<double>(SyntheticSpec{});
    EXPECT_EQ(shuffled_split(all.view(), 0.0, 1).train.n(), 100u);
    EXPECT_EQ(shuffled_split(all.view(), 0.0, 1).validation.n(), 0u);
    EXPECT_THROW(shuffled_split(all.view(), 1.0, 1), std::invalid_argument);
    EXPECT_THROW(shuffled_split(all.view(), -0.1, 1), std::invalid_argument);
    EXPECT_THROW(shuffled_split(all.view(), std::nan(""), 1), std::invalid_argument);
}

TEST(StandardScaler, UsesTrainingStatisticsOnlyAndMapsParametersBack) {
    const Dataset<double> train = make_synthetic<double>({1000, 1.0, {2.0, -3.0}, 0.1, 3});
    const Dataset<double> other = make_synthetic<double>({10, 1.0, {2.0, -3.0}, 0.1, 4});
    const StandardScaler scaler = StandardScaler::fit(train.view());
    const Dataset<double> scaled = scaler.transform(train.view());
    for (std::size_t j = 0; j < 2; ++j) {
        double mean = 0, squares = 0;
        for (std::size_t i = 0; i < 1000; ++i) mean += scaled.column(j)[i] / 1000;
        for (std::size_t i = 0; i < 1000; ++i) squares += scaled.column(j)[i] * scaled.column(j)[i] / 1000;
        EXPECT_NEAR(mean, 0, 1e-12);
        EXPECT_NEAR(squares, 1, 1e-12);
    }
    // Other data is transformed with the training statistics, not its own.
    const Dataset<double> other_scaled = scaler.transform(other.view());
    EXPECT_DOUBLE_EQ(other_scaled.x[0], (other.x[0] - scaler.mean()[0]) / scaler.scale()[0]);
    // A prediction is the same in both units.
    const Params<double> standardized{0.3, {1.5, -0.7}};
    const Params<double> original = scaler.to_original_units(standardized);
    const double in_scaled = standardized.b + standardized.w[0] * other_scaled.x[0] + standardized.w[1] * other_scaled.column(1)[0];
    const double in_original = original.b + original.w[0] * other.x[0] + original.w[1] * other.column(1)[0];
    EXPECT_NEAR(in_scaled, in_original, 1e-12);
    // And back: the round trip returns the standardized parameters, to rounding (values near 1,
    // a few operations in double).
    const Params<double> back = scaler.to_standardized_units(original);
    EXPECT_NEAR(back.b, standardized.b, 1e-14);
    for (std::size_t j = 0; j < 2; ++j) EXPECT_NEAR(back.w[j], standardized.w[j], 1e-14);
}

TEST(StandardScaler, ZeroVarianceNamesTheFeature) {
    Dataset<double> data = make_synthetic<double>({20, 1.0, {2.0, 1.0}, 0.1, 3});
    std::fill(data.column(1), data.column(1) + 20, 4.0);
    try {
        StandardScaler::fit(data.view(), {"area", "rooms"});
        FAIL() << "a constant feature was accepted";
    } catch (const std::invalid_argument& e) {
        EXPECT_NE(std::string(e.what()).find("feature 'rooms' has zero variance"), std::string::npos) << e.what();
    }
}

}  // namespace
}  // namespace descent

namespace descent {
namespace {

// In place, the split holds the same rows as shuffled_split's two copies, and standardizing
// in place gives the same bits as the copying transform.
TEST(Split, ShuffleRowsInPlaceMatchesShuffledSplit) {
    for (std::size_t n : {1u, 2u, 5u, 100u, 1001u}) {
        Dataset<double> data = make_synthetic<double>({n, 1.0, {2.0, -3.0}, 0.1, 42});
        const Split<double> split = shuffled_split(data.view(), 0.2, 42);
        shuffle_rows(data, 42);
        const std::size_t n_train = training_rows(n, 0.2);
        ASSERT_EQ(n_train, split.train.n());
        for (const auto& [copy, rows] : {std::pair{&split.train, data.view().rows(0, n_train)},
                                         std::pair{&split.validation, data.view().rows(n_train, n)}}) {
            ASSERT_EQ(copy->n(), rows.n);
            for (std::size_t i = 0; i < rows.n; ++i) {
                EXPECT_EQ(copy->y[i], rows.y[i]);
                for (std::size_t j = 0; j < 2; ++j) EXPECT_EQ(copy->column(j)[i], rows.feature(j)[i]);
            }
        }
        if (n < 2) continue;
        const StandardScaler scaler = StandardScaler::fit(split.train.view());
        const Dataset<double> copied = scaler.transform(split.train.view());
        Dataset<double> in_place = split.train;
        scaler.transform_in_place(in_place);
        EXPECT_EQ(copied.x, in_place.x);
        EXPECT_EQ(copied.y, in_place.y);
    }
}

}  // namespace
}  // namespace descent
