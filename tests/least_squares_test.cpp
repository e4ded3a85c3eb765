#include <gtest/gtest.h>

#include <cmath>
#include <span>

#include "descent/least_squares.hpp"
#include "descent/synthetic.hpp"

namespace descent {
namespace {

TEST(OrdinaryLeastSquares, RecoversNoiselessParameters) {
    const Dataset<double> data = make_synthetic<double>({500, 0.7, {2.0, -1.5, 0.25}, 0.0, 5});
    const LeastSquaresFit fit = ordinary_least_squares(data.view());
    EXPECT_NEAR(fit.b, 0.7, 1e-12);
    EXPECT_NEAR(fit.w[0], 2.0, 1e-12);
    EXPECT_NEAR(fit.w[1], -1.5, 1e-12);
    EXPECT_NEAR(fit.w[2], 0.25, 1e-12);
}

TEST(OrdinaryLeastSquares, MatchesTheTwoParameterFormula) {
    const Dataset<double> data = make_synthetic<double>({1000, 1.0, {2.0}, 0.1, 42});
    long double sx = 0, sy = 0, sxx = 0, sxy = 0;
    const double n = 1000;
    for (std::size_t i = 0; i < data.n(); ++i) {
        sx += data.x[i];
        sy += data.y[i];
        sxx += static_cast<long double>(data.x[i]) * data.x[i];
        sxy += static_cast<long double>(data.x[i]) * data.y[i];
    }
    const double w = static_cast<double>((n * sxy - sx * sy) / (n * sxx - sx * sx));
    const double b = static_cast<double>((sy - w * sx) / n);
    const LeastSquaresFit fit = ordinary_least_squares(data.view());
    EXPECT_NEAR(fit.w[0], w, 1e-12);
    EXPECT_NEAR(fit.b, b, 1e-12);
}

TEST(OrdinaryLeastSquares, RejectsCollinearFeaturesAndTooFewRows) {
    Dataset<double> data = make_synthetic<double>({50, 1.0, {2.0, 1.0}, 0.1, 1});
    for (std::size_t i = 0; i < 50; ++i) data.column(1)[i] = 3 * data.column(0)[i];  // second feature = 3 * first
    EXPECT_THROW(ordinary_least_squares(data.view()), std::invalid_argument);
    const Dataset<double> tiny = make_synthetic<double>({2, 1.0, {2.0, 1.0}, 0.1, 1});
    EXPECT_THROW(ordinary_least_squares(tiny.view()), std::invalid_argument);
}

TEST(MaxStableLearningRate, IsTwoOverTheLargestEigenvalueOfTheTwoByTwoHessian) {
    const Dataset<double> data = make_synthetic<double>({100, 1.0, {2.0}, 0.1, 42});
    long double sx = 0, sxx = 0;
    for (double x : std::span<const double>(data.column(0), data.n())) {
        sx += x;
        sxx += static_cast<long double>(x) * x;
    }
    // H = 2 / n [[n, sx], [sx, sxx]]: eigenvalues of a symmetric 2 x 2 in closed form.
    const double a = 2.0, b = static_cast<double>(2 * sx / 100), c = static_cast<double>(2 * sxx / 100);
    const double largest = (a + c) / 2 + std::sqrt((a - c) * (a - c) / 4 + b * b);
    EXPECT_NEAR(max_stable_learning_rate(data.view()), 2 / largest, 1e-12);
}

}  // namespace
}  // namespace descent
