#include <gtest/gtest.h>

#include <algorithm>

#include "descent/least_squares.hpp"
#include "descent/registry.hpp"
#include "descent/surface.hpp"
#include "descent/synthetic.hpp"

namespace descent {
namespace {

TEST(LossSurface, IsTheMseOnTheGridAndLowestAtTheOptimum) {
    const Dataset<double> data = make_synthetic<double>(SyntheticSpec{});
    const LeastSquaresFit ols = ordinary_least_squares(data.view());
    const Implementation& impl = find_implementation("scalar");
    const LossSurface s = loss_surface(impl, data.view(), ols.b, ols.w[0], 3.0, 101);
    ASSERT_EQ(s.mse.size(), 101u * 101u);
    EXPECT_DOUBLE_EQ(s.b.front(), ols.b - 3);
    EXPECT_DOUBLE_EQ(s.w.back(), ols.w[0] + 3);
    EXPECT_EQ(s.mse[37 * 101 + 64], impl.mse(data.view(), Params<double>{s.b[37], {s.w[64]}}));
    const auto lowest = std::min_element(s.mse.begin(), s.mse.end()) - s.mse.begin();
    EXPECT_EQ(lowest, 50 * 101 + 50);  // the grid's centre is the closed form
}

TEST(LossSurface, NeedsOneFeatureAndAGrid) {
    const Dataset<double> two = make_synthetic<double>({10, 1.0, {2.0, 1.0}, 0.1, 1});
    EXPECT_THROW(loss_surface(default_implementation(), two.view(), 0, 0, 3, 11), std::invalid_argument);
    const Dataset<double> one = make_synthetic<double>({10, 1.0, {2.0}, 0.1, 1});
    EXPECT_THROW(loss_surface(default_implementation(), one.view(), 0, 0, 3, 1), std::invalid_argument);
    EXPECT_THROW(loss_surface(default_implementation(), one.view(), 0, 0, -1, 11), std::invalid_argument);
}

}  // namespace
}  // namespace descent
