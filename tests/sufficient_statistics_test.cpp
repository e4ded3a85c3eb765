// Full-batch epochs from the sufficient statistics against a pass over the rows: the sums the
// statistics give for any (b, w) against exact ones, and whole fits against pass-per-epoch fits
// for every implementation, on the book's data and on ten features at scales 1e-4 to 1e5, raw
// and standardized. Every tolerance is the bound derived below, computed from the data.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "descent/agreement.hpp"
#include "descent/fit.hpp"
#include "descent/least_squares.hpp"
#include "descent/threads.hpp"
#include "descent/scaler.hpp"
#include "descent/split.hpp"
#include "descent/sufficient_statistics.hpp"
#include "descent/threads.hpp"
#include "kernels/row_kernels.hpp"
#include "descent/synthetic.hpp"
#include "implementation_params.hpp"

namespace descent {
namespace {

constexpr long double u = std::numeric_limits<double>::epsilon() / 2;  // double's unit roundoff

// The derivation. With z = x - s (s: the first row) and c = b + w.s_x - s_y, every statistic
// S_ab = sum z_a z_b is off by at most 70u sum |z_a z_b|: z (u), the product (u), a block of
// kMaxChain = 32 rows summed in double (31u, in any order of the lanes), the compensated sums
// of the blocks (u^2 terms), a vector's lanes added once at the end (3u for 8 lanes, 1u for
// each lane's sum + error). The
// pass sums are polynomials in the statistics with terms t_p t_q of e = c + w.z_x - z_y; with
// Z_i = |c| + sum_j |w_j z_ij| + |z_yi|, evaluating them in double adds (d + 4)u of the same
// absolute terms, and c itself carries dc = (d + 2)u (|b| + sum |w_j s_j| + |s_y|). Hence
//   |d sum e|     <= (70 + d + 4)u sum Z_i + n dc
//   |d sum e^2|   <= (70 + d + 4)u sum Z_i^2 + 2 dc sum Z_i
//   |d sum x_j e| <= (70 + d + 4)u sum |z_ij| Z_i + dc sum |z_ij| + |s_j| |d sum e| + u |s_j sum e|.
struct Exact {
    long double e = 0, e2 = 0;
    std::vector<long double> xe;
    long double e_bound = 0, e2_bound = 0;
    std::vector<long double> xe_bound;
};

template <class T>
Exact exact_sums(const DatasetView<T>& data, const Params<T>& p) {
    const std::size_t d = data.d;
    const auto x = [&](std::size_t j, std::size_t i) { return static_cast<long double>(data.feature(j)[i]); };
    long double c = p.b - static_cast<long double>(data.y[0]), c_terms = std::fabs(static_cast<long double>(p.b)) +
                                                                         std::fabs(static_cast<long double>(data.y[0]));
    for (std::size_t j = 0; j < d; ++j) {
        c += p.w[j] * x(j, 0);
        c_terms += std::fabs(p.w[j] * x(j, 0));
    }
    const long double gamma = (70 + d + 4) * u, dc = (d + 2) * u * c_terms;
    Exact out;
    out.xe.assign(d, 0);
    out.xe_bound.assign(d, 0);
    long double sum_z = 0, sum_z2 = 0;
    std::vector<long double> sum_xz(d, 0), sum_abs_z(d, 0);
    for (std::size_t i = 0; i < data.n; ++i) {
        long double e = p.b - static_cast<long double>(data.y[i]);
        long double z_terms = std::fabs(c) + std::fabs(static_cast<long double>(data.y[i]) - data.y[0]);
        for (std::size_t j = 0; j < d; ++j) {
            e += p.w[j] * x(j, i);
            z_terms += std::fabs(p.w[j] * (x(j, i) - x(j, 0)));
        }
        out.e += e;
        out.e2 += e * e;
        sum_z += z_terms;
        sum_z2 += z_terms * z_terms;
        for (std::size_t j = 0; j < d; ++j) {
            out.xe[j] += x(j, i) * e;
            sum_xz[j] += std::fabs(x(j, i) - x(j, 0)) * z_terms;
            sum_abs_z[j] += std::fabs(x(j, i) - x(j, 0));
        }
    }
    out.e_bound = gamma * sum_z + data.n * dc;
    out.e2_bound = gamma * sum_z2 + 2 * dc * sum_z;
    for (std::size_t j = 0; j < d; ++j)
        out.xe_bound[j] = gamma * sum_xz[j] + dc * sum_abs_z[j] + std::fabs(x(j, 0)) * out.e_bound + u * std::fabs(x(j, 0) * out.e);
    return out;
}

// Ten features, feature j on the scale 10^(j - 4) and a thousand times that from zero (as
// years or prices lie), each weighing about as much in y = 1 + sum_j 10^(4 - j) x_j + noise.
template <class T>
Dataset<T> ten_scales(std::size_t n) {
    SyntheticSpec spec;
    spec.n = n;
    spec.w_true.assign(10, 1.0);
    Dataset<T> data = make_synthetic<T>(spec);  // y = 1 + sum_j u_j + 0.1 noise, u_j uniform in [0, 1)
    for (std::size_t j = 0; j < 10; ++j)
        for (std::size_t i = 0; i < n; ++i)
            data.column(j)[i] = static_cast<T>((1000 + data.column(j)[i]) * std::pow(10.0, static_cast<double>(j) - 4));
    for (T& y : data.y) y = static_cast<T>(y + 10000);
    return data;
}

template <class T>
std::vector<std::pair<std::string, Dataset<T>>> cases() {
    std::vector<std::pair<std::string, Dataset<T>>> out;
    out.emplace_back("book", make_synthetic<T>(SyntheticSpec{}));
    Dataset<T> scaled = ten_scales<T>(1000);
    Dataset<T> standardized = StandardScaler::fit(scaled.view()).transform(scaled.view());
    out.emplace_back("ten scales", std::move(scaled));
    out.emplace_back("ten scales, standardized", std::move(standardized));
    // d = 2 .. 5: every size of the last tile of pairs in the SIMD loop (statistics_loop.hpp),
    // over whole blocks of rows and a tail.
    for (std::size_t d = 2; d <= 5; ++d) {
        SyntheticSpec spec;
        spec.n = 1000;
        spec.w_true = example_true_weights(d);
        out.emplace_back("d = " + std::to_string(d), make_synthetic<T>(spec));
    }
    return out;
}

template <class T>
void expect_sums_within_the_bound(const Implementation& impl) {
    static_assert(detail::kMaxChain == 32, "the bound above counts this block length");
    for (const auto& [name, data] : cases<T>()) {
        const SufficientStatistics stats = impl.statistics(data.view());
        ASSERT_EQ(stats.n(), data.n());
        ASSERT_EQ(stats.d(), data.d);
        // Far from the optimum, and at it (the closed form), where the sum of squares cancels most.
        const LeastSquaresFit optimum = ordinary_least_squares(data.view());
        std::vector<Params<T>> points{{T(-3), std::vector<T>(data.d, T(5))}, {T(0.25), std::vector<T>(data.d, T(-0.5))},
                                      {static_cast<T>(optimum.b), std::vector<T>(optimum.w.begin(), optimum.w.end())}};
        for (const Params<T>& p : points) {
            const Exact exact = exact_sums(data.view(), p);
            const PassSums sums = stats.pass_sums(p);
            EXPECT_LE(std::fabs(sums.sum_of_errors() - exact.e), exact.e_bound) << name;
            EXPECT_LE(std::fabs(sums.sum_of_squares() - exact.e2), exact.e2_bound) << name;
            for (std::size_t j = 0; j < data.d; ++j)
                EXPECT_LE(std::fabs(sums.sum_of_products(j) - exact.xe[j]), exact.xe_bound[j]) << name << ", feature " << j;
        }
    }
}

TEST(SufficientStatistics, SameBitsForAnyThreadCount) {
    const Dataset<double> data = ten_scales<double>(3 * kChunkRows + 17);
    const Params<double> p{0.5, std::vector<double>(10, -0.25)};
    for (const char* name : {"omp", "simd_omp"}) {
        const Implementation& threaded = find_implementation(name);
        if (!threaded.supported()) continue;
        const PassSums one = with_threads(threaded, 1)->statistics(data.view()).pass_sums(p);
        for (int t : {2, 3}) {
            const PassSums many = with_threads(threaded, t)->statistics(data.view()).pass_sums(p);
            for (std::size_t s = 0; s < one.values().size(); ++s) {
                EXPECT_EQ(one.values()[s].sum, many.values()[s].sum) << name << ", " << t << " threads, sum " << s;
                EXPECT_EQ(one.values()[s].error, many.values()[s].error) << name << ", " << t << " threads, sum " << s;
            }
        }
    }
}

TEST(SufficientStatistics, RefuseWhatTheyCannotDescribe) {
    const Dataset<double> data = make_synthetic<double>(SyntheticSpec{});
    const Implementation& scalar = find_implementation("scalar");
    EXPECT_THROW(scalar.statistics(data.view().rows(0, 0)), std::invalid_argument);
    EXPECT_THROW(scalar.statistics(data.view()).pass_sums(Params<double>{0, {1, 2}}), std::invalid_argument);
    EXPECT_THROW(SufficientStatistics(10, {1.0, 2.0}, std::vector<CompensatedSum>(4)), std::invalid_argument);  // d = 1 needs 5
    FitOptions options;
    options.method = FitMethod::sufficient_statistics;
    options.batch_size = 10;
    try {
        fit(scalar, data.view(), Params<double>{0, {0}}, options);
        ADD_FAILURE() << "mini-batches from statistics were accepted";
    } catch (const std::invalid_argument& e) {
        EXPECT_NE(std::string(e.what()).find("full batch"), std::string::npos) << e.what();
    }
    // Values that are not finite are found from the statistics, and named as a pass would.
    options.batch_size = 0;
    const auto refusal = [&](std::size_t row, double value) {
        Dataset<double> bad = make_synthetic<double>(SyntheticSpec{});
        bad.column(0)[row] = value;
        try {
            fit(scalar, bad.view(), Params<double>{0, {0}}, options);
        } catch (const std::invalid_argument& e) {
            return std::string(e.what());
        }
        return std::string("accepted");
    };
    EXPECT_NE(refusal(41, std::nan("")).find("feature 1 of row 42 is not finite"), std::string::npos) << refusal(41, std::nan(""));
    EXPECT_NE(refusal(7, 1e200).find("overflow"), std::string::npos) << refusal(7, 1e200);
}

// The absolute terms T_i = |b| + sum_j |w_j x_ij| + |y_i| of the rows at (b, w): the loss's
// slope in the parameters is at most (2/n) sum (1 + sum_j |x_ij|) T_i, and a pass's error is
// relative to (1/n) sum T_i^2 (docs/accuracy.md).
struct AbsoluteTerms {
    long double slope = 0, loss = 0;
};

template <class T>
AbsoluteTerms absolute_terms(const DatasetView<T>& data, const Params<T>& p) {
    AbsoluteTerms out;
    for (std::size_t i = 0; i < data.n; ++i) {
        long double terms = std::fabs(static_cast<long double>(p.b)) + std::fabs(static_cast<long double>(data.y[i]));
        long double x_sum = 1;
        for (std::size_t j = 0; j < data.d; ++j) {
            terms += std::fabs(p.w[j] * static_cast<long double>(data.feature(j)[i]));
            x_sum += std::fabs(static_cast<long double>(data.feature(j)[i]));
        }
        out.slope += 2 * x_sum * terms / data.n;
        out.loss += terms * terms / data.n;
    }
    return out;
}

// Whole fits. Per epoch the two methods' steps differ by at most lr (2/n) times the bound on
// sum x_j e above plus the pass's own (error_bound(descend), relative to the same absolute
// terms); the step is a contraction below the stable learning rate, so over k epochs the
// parameters differ by at most the sum of those (for float, plus an ulp of the parameters per
// epoch: each run rounds them to float). A loss then differs by the sums' own bound, the
// pass's, and the parameters' difference times the loss's slope.
template <class T>
void expect_fits_to_agree(const Implementation& impl, const std::string& name, const DatasetView<T>& train,
                          const DatasetView<T>& validation, double lr) {
    FitOptions options;
    options.learning_rate = lr;
    options.epochs = 200;
    std::vector<Params<T>> path_pass, path_statistics;
    const auto recorder = [](std::vector<Params<T>>& path) {
        return std::vector<EpochCallback<T>>{[&path](const EpochReport<T>& r) {
            path.push_back(r.params);
            return true;
        }};
    };
    const Params<T> initial{T(0.5), std::vector<T>(train.d, T(0.1))};
    const auto pass_callbacks = recorder(path_pass);
    const FitResult<T> pass = fit(impl, train, validation, initial, options, pass_callbacks);
    options.method = FitMethod::sufficient_statistics;
    const auto statistics_callbacks = recorder(path_statistics);
    const FitResult<T> statistics = fit(impl, train, validation, initial, options, statistics_callbacks);
    ASSERT_EQ(statistics.stop_reason, pass.stop_reason) << name;
    ASSERT_EQ(statistics.epochs_run, pass.epochs_run) << name;

    const double pass_bound = error_bound<T>(Kernel::descend, train.d);
    const long double float_ulp = std::is_same_v<T, float> ? std::numeric_limits<float>::epsilon() : 0;
    const auto difference = [](auto a, auto b) { return std::fabs(static_cast<long double>(a) - static_cast<long double>(b)); };
    long double params_bound = 0;
    Params<T> before = initial;
    for (std::size_t k = 0; k < pass.epochs_run; ++k) {
        const std::string where = name + ", epoch " + std::to_string(k + 1);
        // The training loss, before the step, at the parameters the statistics run started from.
        const Exact exact = exact_sums(train, before);
        const AbsoluteTerms terms = absolute_terms(train, before);
        EXPECT_LE(difference(statistics.history[k].train_loss, pass.history[k].train_loss),
                  exact.e2_bound / train.n + pass_bound * terms.loss + terms.slope * params_bound)
            << where;
        long double xe_bound = exact.e_bound;
        for (std::size_t j = 0; j < train.d; ++j) xe_bound = std::max(xe_bound, exact.xe_bound[j]);
        params_bound += lr * (2 * xe_bound / train.n + pass_bound * terms.slope);
        long double largest = std::fabs(static_cast<long double>(path_pass[k].b));
        for (T w : path_pass[k].w) largest = std::max(largest, std::fabs(static_cast<long double>(w)));
        params_bound += float_ulp * largest;
        EXPECT_LE(difference(path_statistics[k].b, path_pass[k].b), params_bound) << where;
        for (std::size_t j = 0; j < train.d; ++j)
            EXPECT_LE(difference(path_statistics[k].w[j], path_pass[k].w[j]), params_bound) << where << ", w_" << j;
        // The validation loss, after the step.
        const Exact validation_exact = exact_sums(validation, path_statistics[k]);
        const AbsoluteTerms validation_terms = absolute_terms(validation, path_statistics[k]);
        ASSERT_TRUE(statistics.history[k].validation_loss && pass.history[k].validation_loss) << where;
        EXPECT_LE(difference(*statistics.history[k].validation_loss, *pass.history[k].validation_loss),
                  validation_exact.e2_bound / validation.n + pass_bound * validation_terms.loss +
                      validation_terms.slope * params_bound)
            << where;
        before = path_statistics[k];
    }
}

class StatisticsFitPerImplementation : public ::testing::TestWithParam<const Implementation*> {
protected:
    template <class T>
    void follows_the_pass_per_epoch_fit() {
        for (const auto& [name, data] : cases<T>()) {
            const Split<T> split = shuffled_split(data.view(), 0.2, 42);
            // Below the stable rate of each: the book's 0.1, the raw scales' tiny Hessian bound.
            const double lr = name == "ten scales" ? 0.5 * max_stable_learning_rate(split.train.view()) : 0.1;
            expect_fits_to_agree(*GetParam(), name, split.train.view(), split.validation.view(), lr);
        }
    }
};

TEST_P(StatisticsFitPerImplementation, GiveEveryPassSumWithinTheDerivedBoundDouble) { expect_sums_within_the_bound<double>(*GetParam()); }
TEST_P(StatisticsFitPerImplementation, GiveEveryPassSumWithinTheDerivedBoundFloat) { expect_sums_within_the_bound<float>(*GetParam()); }
TEST_P(StatisticsFitPerImplementation, FollowsThePassPerEpochFitDouble) { follows_the_pass_per_epoch_fit<double>(); }
TEST_P(StatisticsFitPerImplementation, FollowsThePassPerEpochFitFloat) { follows_the_pass_per_epoch_fit<float>(); }

INSTANTIATE_TEST_SUITE_P(Supported, StatisticsFitPerImplementation, testing::each_supported_implementation(),
                         testing::implementation_name);

}  // namespace
}  // namespace descent
