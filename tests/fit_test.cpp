#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <utility>

#include "descent/fit.hpp"
#include "descent/least_squares.hpp"
#include "descent/registry.hpp"
#include "descent/split.hpp"
#include "descent/storage16.hpp"
#include "descent/synthetic.hpp"
#include "implementation_params.hpp"

namespace descent {
namespace {

// The book's data: N = 100, seed 42, split 80/20.
Split<double> book_split() {
    const Dataset<double> all = make_synthetic<double>(SyntheticSpec{});
    return shuffled_split(all.view(), 0.2, 42);
}

// The book's update rule, written plainly and independently of the library: predict, error,
// gradients as means, step. Sums in long double so the comparison measures the library.
Params<double> book_loop(const DatasetView<double>& data, Params<double> p, double lr, std::size_t epochs) {
    for (std::size_t epoch = 0; epoch < epochs; ++epoch) {
        long double sum_e = 0, sum_xe = 0;
        for (std::size_t i = 0; i < data.n; ++i) {
            const long double e = p.b + static_cast<long double>(p.w[0]) * data.x[i] - data.y[i];
            sum_e += e;
            sum_xe += data.x[i] * e;
        }
        p.b -= lr * static_cast<double>(2 * sum_e / data.n);
        p.w[0] -= lr * static_cast<double>(2 * sum_xe / data.n);
    }
    return p;
}

class FitPerImplementation : public ::testing::TestWithParam<const Implementation*> {};

TEST_P(FitPerImplementation, FollowsTheBooksUpdateRuleExactly) {
    const Split<double> split = book_split();
    const Params<double> initial{0.5, {-0.3}};
    const Params<double> expected = book_loop(split.train.view(), initial, 0.1, 1000);
    FitOptions options;  // lr 0.1, 1000 epochs, full batch: the book's defaults
    const FitResult<double> result = fit(*GetParam(), split.train.view(), initial, options);
    // Both follow the same contraction (lr below the stable bound), so rounding differences
    // of ~1e-16 per epoch do not grow: 1e-12 leaves four orders of magnitude.
    EXPECT_NEAR(result.params.b, expected.b, 1e-12);
    EXPECT_NEAR(result.params.w[0], expected.w[0], 1e-12);
    EXPECT_EQ(result.epochs_run, 1000u);
    EXPECT_EQ(result.stop_reason, StopReason::epochs_done);
}

TEST_P(FitPerImplementation, ReachesTheClosedFormAndTheTrueParameters) {
    const Split<double> split = book_split();
    const FitResult<double> result = fit(*GetParam(), split.train.view(), random_params<double>(1, 42), FitOptions{});
    const LeastSquaresFit ols = ordinary_least_squares(split.train.view());
    EXPECT_NEAR(result.params.b, ols.b, 1e-6);
    EXPECT_NEAR(result.params.w[0], ols.w[0], 1e-6);
    EXPECT_NEAR(result.params.b, 1.0, 0.05);
    EXPECT_NEAR(result.params.w[0], 2.0, 0.05);
}

INSTANTIATE_TEST_SUITE_P(Supported, FitPerImplementation, testing::each_supported_implementation(),
                         testing::implementation_name);

// 16-bit data trains as the float table of its values does: the same epochs, so the same bits
// of every parameter and loss, by a pass per epoch (full and mini-batch) and from the statistics.
TEST(Fit, SixteenBitDataTrainsAsTheFloatTableOfItsValues) {
    const Dataset<float> data = make_synthetic<float>(SyntheticSpec{1000, 1.0, {2.0, -1.0, 0.5}, 0.1, 42});
    const Dataset<bf16> stored = to_bf16(data.view());
    Dataset<float> as_float;
    as_float.resize(stored.n(), stored.d);
    for (std::size_t j = 0; j < stored.d; ++j)
        for (std::size_t i = 0; i < stored.n(); ++i) as_float.column(j)[i] = to_float(stored.column(j)[i]);
    for (std::size_t i = 0; i < stored.n(); ++i) as_float.y[i] = to_float(stored.y[i]);
    const Implementation& impl = find_implementation("simd");
    for (const auto& [method, batch] : {std::pair{FitMethod::pass_per_epoch, 0}, std::pair{FitMethod::pass_per_epoch, 64},
                                        std::pair{FitMethod::sufficient_statistics, 0}}) {
        FitOptions options;
        options.method = method;
        options.batch_size = static_cast<std::size_t>(batch);
        options.epochs = 50;
        const Params<float> initial{0.f, {0.f, 0.f, 0.f}};
        const FitResult<float> a = fit(impl, stored.view().rows(0, 800), stored.view().rows(800, 1000), initial, options);
        const FitResult<float> b = fit(impl, as_float.view().rows(0, 800), as_float.view().rows(800, 1000), initial, options);
        const std::string what = to_string(method) + ", batch " + std::to_string(batch);
        EXPECT_EQ(a.params.b, b.params.b) << what;
        EXPECT_EQ(a.params.w, b.params.w) << what;
        ASSERT_EQ(a.history.size(), b.history.size()) << what;
        for (std::size_t e = 0; e < a.history.size(); ++e) {
            EXPECT_EQ(a.history[e].train_loss, b.history[e].train_loss) << what << ", epoch " << e + 1;
            EXPECT_EQ(a.history[e].validation_loss, b.history[e].validation_loss) << what << ", epoch " << e + 1;
        }
    }
}

TEST(Fit, RecordsTrainAndValidationLossEveryEpoch) {
    const Split<double> split = book_split();
    const DatasetView<double> validation = split.validation.view();
    FitOptions options;
    options.epochs = 50;
    const FitResult<double> result = fit(default_implementation(), split.train.view(), validation, Params<double>{0, {0}}, options);
    ASSERT_EQ(result.history.size(), 50u);
    for (std::size_t i = 0; i < 50; ++i) {
        EXPECT_EQ(result.history[i].epoch, i + 1);
        ASSERT_TRUE(result.history[i].validation_loss.has_value());
        if (i > 0) {  // below the bound full-batch descent decreases the loss every epoch
            EXPECT_LT(result.history[i].train_loss, result.history[i - 1].train_loss);
        }
    }
    const FitResult<double> no_validation = fit(default_implementation(), split.train.view(), Params<double>{0, {0}}, options);
    EXPECT_FALSE(no_validation.history.back().validation_loss.has_value());
}

TEST(Fit, StopsOnDivergenceAndNamesTheStableBound) {
    const Split<double> split = book_split();
    const double bound = max_stable_learning_rate(split.train.view());
    FitOptions options;
    options.learning_rate = 1.05 * bound;
    const FitResult<double> result = fit(default_implementation(), split.train.view(), Params<double>{0, {0}}, options);
    EXPECT_EQ(result.stop_reason, StopReason::diverged);
    EXPECT_LT(result.epochs_run, 1000u);
    EXPECT_NE(result.message.find("largest stable learning rate for this data is"), std::string::npos) << result.message;
    // Just below the bound the same run converges.
    options.learning_rate = 0.95 * bound;
    EXPECT_EQ(fit(default_implementation(), split.train.view(), Params<double>{0, {0}}, options).stop_reason,
              StopReason::epochs_done);
}

TEST(Fit, LossThatBecomesInfiniteIsDivergenceNotANumber) {
    const Split<double> split = book_split();
    FitOptions options;
    options.learning_rate = 1e6;
    options.divergence_patience = 1000000;  // only the non-finite check can stop it
    const FitResult<double> result = fit(default_implementation(), split.train.view(), Params<double>{0, {0}}, options);
    EXPECT_EQ(result.stop_reason, StopReason::diverged);
    EXPECT_NE(result.message.find("became"), std::string::npos) << result.message;
}

TEST(Fit, CallbacksCanStopTheRun) {
    const Split<double> split = book_split();
    std::size_t seen = 0;
    const std::vector<EpochCallback<double>> callbacks{[&](const EpochReport<double>& r) {
        ++seen;
        return r.losses.epoch < 5;
    }};
    const FitResult<double> result =
        fit(default_implementation(), split.train.view(), Params<double>{0, {0}}, FitOptions{}, callbacks);
    EXPECT_EQ(result.stop_reason, StopReason::callback);
    EXPECT_EQ(result.epochs_run, 5u);
    EXPECT_EQ(seen, 5u);
}

TEST(Fit, ToleranceStopsEarly) {
    const Split<double> split = book_split();
    FitOptions options;
    options.epochs = 100000;
    options.tolerance = 1e-12;
    const FitResult<double> result = fit(default_implementation(), split.train.view(), Params<double>{0, {0}}, options);
    EXPECT_EQ(result.stop_reason, StopReason::tolerance_reached);
    EXPECT_LT(result.epochs_run, 100000u);
}

TEST(Fit, EarlyStopOnValidationStopsWhenItStallsForPatienceEpochs) {
    const Split<double> split = book_split();
    const DatasetView<double> validation = split.validation.view();
    const std::vector<EpochCallback<double>> callbacks{early_stop_on_validation<double>(3, 1e-3)};
    FitOptions options;
    options.epochs = 100000;
    const FitResult<double> result =
        fit(default_implementation(), split.train.view(), validation, Params<double>{0, {0}}, options, callbacks);
    EXPECT_EQ(result.stop_reason, StopReason::callback);
    EXPECT_LT(result.epochs_run, 100000u);
}

TEST(Fit, MiniBatchAndStochasticReachTheNeighbourhoodOfTheClosedForm) {
    const Split<double> split = book_split();
    const LeastSquaresFit ols = ordinary_least_squares(split.train.view());
    // (batch size, learning rate): stochastic steps are noisier, so they get a smaller rate.
    for (const auto& [batch, rate] : {std::pair<std::size_t, double>{1, 0.01}, {16, 0.1}}) {
        FitOptions options;
        options.batch_size = batch;
        options.learning_rate = rate;
        options.epochs = 300;
        const FitResult<double> result = fit(default_implementation(), split.train.view(), Params<double>{0, {0}}, options);
        // A constant step leaves the parameters jittering around the optimum; from a start 2
        // away, landing within 0.05 is what "converged up to the jitter" means here.
        EXPECT_NEAR(result.params.b, ols.b, 0.05) << "batch " << batch;
        EXPECT_NEAR(result.params.w[0], ols.w[0], 0.05) << "batch " << batch;
    }
    FitOptions whole;
    whole.batch_size = split.train.n();  // one batch of every row is full batch
    EXPECT_EQ(fit(default_implementation(), split.train.view(), Params<double>{0, {0}}, whole).params.b,
              fit(default_implementation(), split.train.view(), Params<double>{0, {0}}, FitOptions{}).params.b);
}

TEST(Fit, RejectsBadInputClearly) {
    const Split<double> split = book_split();
    FitOptions options;
    options.learning_rate = -0.1;
    EXPECT_THROW(fit(default_implementation(), split.train.view(), Params<double>{0, {0}}, options), std::invalid_argument);
    EXPECT_THROW(fit(default_implementation(), split.train.view(), Params<double>{0, {0, 0}}, FitOptions{}),
                 std::invalid_argument);
    Dataset<double> bad = split.train;
    bad.y[7] = std::nan("");
    try {
        fit(default_implementation(), bad.view(), Params<double>{0, {0}}, FitOptions{});
        FAIL() << "NaN data was accepted";
    } catch (const std::invalid_argument& e) {
        EXPECT_NE(std::string(e.what()).find("row 8"), std::string::npos) << e.what();
    }
}

TEST(RandomParams, AreStandardNormalAndRepeatable) {
    EXPECT_EQ(random_params<double>(3, 42).w, random_params<double>(3, 42).w);
    EXPECT_NE(random_params<double>(3, 42).b, random_params<double>(3, 43).b);
}

}  // namespace
}  // namespace descent
