// Every kernel test runs once per implementation supported here, named after it (anchor:
// Highway's per-target tests), against the long double reference.
#include <gtest/gtest.h>
#include <omp.h>

#include <algorithm>
#include <cstring>
#include <cmath>
#include <functional>
#include <limits>
#include <memory>
#include <string>

#include "descent/agreement.hpp"
#include "descent/fit.hpp"
#include "descent/machine.hpp"
#include "descent/registry.hpp"
#include "implementation_params.hpp"
#include "test_data.hpp"

namespace descent {

namespace {

using testing::GuardedBuffer;

class ImplementationTest : public ::testing::TestWithParam<const Implementation*> {
protected:
    const Implementation& impl() const { return *GetParam(); }

    template <class T>
    void expect_agreement(const DatasetView<T>& view, const Params<T>& params, const std::string& what) {
        const Reference ref = reference(view, params);
        for (const KernelCase& c : kernel_cases()) {
            const Kernel kernel = c.kernel;
            const double error = kernel_error(impl(), kernel, view, params, ref);
            EXPECT_LE(error, error_bound<T>(kernel, view.d))
                << to_string(kernel) << ", " << what << ", n = " << view.n << ", d = " << view.d;
        }
    }

    template <class T>
    void agreement_over_sizes() {
        // Every d up to one past the widest loop with the columns in registers (12 under AVX-512),
        // so each of those loops and the first d of the any-d loop run.
        for (std::size_t d = 1; d <= 13; ++d)
            for (std::size_t n = 1; n <= 260; n += (n < 70 ? 1 : 19)) {  // every tail of every lane width
                const Dataset<T> data = testing::seed_like<T>(n, d, n);
                for (const Params<T>& params : agreement_points<T>(d)) expect_agreement(data.view(), params, "tails");
            }
        for (std::size_t n : {32767, 32769, 100003}) {  // across the threads' chunk edges
            const Dataset<T> data = testing::seed_like<T>(n, 1);
            for (const Params<T>& params : agreement_points<T>(1)) expect_agreement(data.view(), params, "chunks");
        }
    }

    // Views that start anywhere in a cache line (as numpy's arrays and std::vector's do), x and
    // y at different offsets: within the bounds, and the same bits as the aligned table, since
    // where the data lies must not change which lane sums which row.
    template <class T>
    void agreement_on_misaligned_views() {
        for (std::size_t offset = 1; offset < 64 / sizeof(T); ++offset)
            for (std::size_t d : {1, 3, 10, 13})
                for (std::size_t n : {203, 5003}) {
                    const Dataset<T> data = testing::seed_like<T>(n, d);
                    const std::size_t y_offset = (offset * 5) % (64 / sizeof(T));
                    std::vector<T> x(offset + data.x.size()), y(y_offset + n);
                    std::copy(data.x.begin(), data.x.end(), x.begin() + static_cast<std::ptrdiff_t>(offset));
                    std::copy(data.y.begin(), data.y.end(), y.begin() + static_cast<std::ptrdiff_t>(y_offset));
                    const DatasetView<T> view{x.data() + offset, y.data() + y_offset, n, d, data.stride};
                    const Params<T> params = agreement_points<T>(d)[0];
                    const std::string what = "offsets " + std::to_string(offset) + ", " + std::to_string(y_offset);
                    expect_agreement(view, params, what);
                    Gradient<T> moved, aligned;
                    const T moved_loss = impl().loss_and_gradient(view, params, moved);
                    const T aligned_loss = impl().loss_and_gradient(data.view(), params, aligned);
                    EXPECT_EQ(moved_loss, aligned_loss) << what << ", n = " << n << ", d = " << d;
                    EXPECT_EQ(moved.db, aligned.db) << what << ", n = " << n << ", d = " << d;
                    EXPECT_EQ(moved.dw, aligned.dw) << what << ", n = " << n << ", d = " << d;
                }
    }

    // The data ends (or starts) exactly at an inaccessible page: an over-read crashes.
    template <class T>
    void stays_inside_the_spans() {
        for (auto guard : {GuardedBuffer<T>::Guard::after, GuardedBuffer<T>::Guard::before})
            for (std::size_t n : {1, 7, 33, 1001})
                for (std::size_t d : {1, 2, 10}) {
                    const Dataset<T> data = testing::seed_like<T>(n, d);
                    // Columns back to back (stride n), so the last one ends at the guard.
                    GuardedBuffer<T> x(testing::compact_columns(data), guard), y(data.y, guard);
                    GuardedBuffer<T> out(std::vector<T>(n), guard);
                    const DatasetView<T> view{x.data(), y.data(), n, d, n};
                    const Params<T> params = agreement_points<T>(d)[0];
                    Gradient<T> g;
                    impl().predict(view, params, std::span<T>(out.data(), n));
                    impl().mse(view, params);
                    impl().gradient(view, params, g);
                    impl().loss_and_gradient(view, params, g);
                    Params<T> stepped = params;
                    impl().descend(view, stepped, 0.1, g);
                    EXPECT_EQ(g.dw.size(), d);
                }
    }

    static void expect_empty_data_error(const std::function<void()>& call) {
        try {
            call();
            ADD_FAILURE() << "n = 0 was accepted";
        } catch (const std::invalid_argument& e) {
            EXPECT_NE(std::string(e.what()).find("empty"), std::string::npos) << e.what();
        }
    }

    template <class T>
    void rejects_bad_arguments() {
        const Dataset<T> data = testing::seed_like<T>(10, 2);
        const Params<T> params = agreement_points<T>(2)[0];
        const DatasetView<T> empty = data.view().rows(0, 0);
        Gradient<T> g;
        expect_empty_data_error([&] { impl().mse(empty, params); });
        expect_empty_data_error([&] { impl().gradient(empty, params, g); });
        expect_empty_data_error([&] { impl().loss_and_gradient(empty, params, g); });

        const Params<T> three_weights{T(0), std::vector<T>(3, T(1))};
        EXPECT_THROW(impl().mse(data.view(), three_weights), std::invalid_argument);
        EXPECT_THROW(impl().gradient(data.view(), three_weights, g), std::invalid_argument);
        EXPECT_THROW(impl().loss_and_gradient(data.view(), three_weights, g), std::invalid_argument);

        // A view made by hand with no features: refused, not read with d - 1 columns.
        const DatasetView<T> no_features{data.x.data(), data.y.data(), data.n(), 0, data.stride};
        const Params<T> no_weights{T(0), {}};
        EXPECT_THROW(impl().mse(no_features, no_weights), std::invalid_argument);
        EXPECT_THROW(impl().loss_and_gradient(no_features, no_weights, g), std::invalid_argument);

        // descend refuses the same inputs and a learning rate that is not positive and finite,
        // and leaves the parameters as they were.
        const auto refuses_to_descend = [&](const DatasetView<T>& view, const Params<T>& start, double learning_rate) {
            Params<T> p = start;
            EXPECT_THROW(impl().descend(view, p, learning_rate, g), std::invalid_argument) << "learning rate " << learning_rate;
            EXPECT_EQ(p.b, start.b);
            EXPECT_EQ(p.w, start.w);
        };
        expect_empty_data_error([&] { Params<T> p = params; impl().descend(empty, p, 0.1, g); });
        refuses_to_descend(empty, params, 0.1);
        refuses_to_descend(data.view(), three_weights, 0.1);
        for (double learning_rate : {0.0, -0.1, std::nan(""), std::numeric_limits<double>::infinity()})
            refuses_to_descend(data.view(), params, learning_rate);

        std::vector<T> none;
        impl().predict(empty, params, std::span<T>(none));  // predicting no rows is fine
        std::vector<T> too_short(9);
        EXPECT_THROW(impl().predict(data.view(), params, std::span<T>(too_short)), std::invalid_argument);
    }

    // descend is loss_and_gradient, then the step: the same loss and gradient bits, and the
    // parameters moved as gradient_step moves them, up to rounding. descend takes the step from
    // the means in double, gradient_step from the gradient rounded to T, so with u_T the unit
    // roundoff of T and u of double: (a) their update terms differ from lr g (g the exact mean,
    // |g| <= 2 |g_T|) by at most 3u (the value of the sum, 2 lr / n, the product) and
    // u_T + 3u (the rounding to T, the value, the division, the product): (u_T + 6u) 2 lr |g_T|
    // between them; (b) each subtracts in double and stores as T, (u_T + u)(|p| + 2 lr |g_T|)
    // each. (a) + (b) = 2 (u_T + u)|p| + 2 (3 u_T + 8u) lr |g_T| <= 2 (u_T + 4u)(|p| + 3 lr |g_T|).
    // A step with the wrong sign, size or gradient moves p by about lr |g_T|, far outside that.
    template <class T>
    void descend_is_loss_and_gradient_then_a_step() {
        constexpr double learning_rate = 0.1;
        constexpr double u_t = std::numeric_limits<T>::epsilon() / 2, u = std::numeric_limits<double>::epsilon() / 2;
        for (std::size_t d : {1, 3, 13})
            for (std::size_t n : {1, 100, 4103})
                for (const Params<T>& start : agreement_points<T>(d)) {
                    const Dataset<T> data = testing::seed_like<T>(n, d, n);
                    Gradient<T> expected_gradient, gradient;
                    const T expected_loss = impl().loss_and_gradient(data.view(), start, expected_gradient);
                    Params<T> expected = start;
                    gradient_step(expected, expected_gradient, learning_rate);
                    Params<T> p = start;
                    EXPECT_EQ(impl().descend(data.view(), p, learning_rate, gradient), expected_loss);
                    EXPECT_EQ(gradient.db, expected_gradient.db);
                    EXPECT_EQ(gradient.dw, expected_gradient.dw);
                    const auto tolerance = [&](T start_value, T gradient_value) {
                        return 2 * (u_t + 4 * u) * (std::fabs(double{start_value}) + 3 * learning_rate * std::fabs(double{gradient_value}));
                    };
                    const std::string where = "n = " + std::to_string(n) + ", d = " + std::to_string(d);
                    EXPECT_NEAR(p.b, expected.b, tolerance(start.b, gradient.db)) << where;
                    for (std::size_t j = 0; j < d; ++j)
                        EXPECT_NEAR(p.w[j], expected.w[j], tolerance(start.w[j], gradient.dw[j])) << where << ", w" << j;
                }
    }

    // A few rows of a table more than twice the size of the last-level cache, as a thread's
    // chunk of a large table is: the any-d SIMD loop prefetches far ahead there, with its own
    // step size (simd_kernel.hpp), so that path is checked against the reference on its own,
    // every tail of a step included. d = 13 runs that loop in every SIMD implementation (the
    // float loops under AVX-512 keep up to 12 columns in registers and do not prefetch).
    template <class T>
    void agreement_on_a_wide_table() {
        const std::size_t last_level = std::max<std::size_t>(cache_sizes().l3, std::size_t{32} << 20);
        for (std::size_t d : {3, 13}) {
            const std::size_t stride = 4 * last_level / ((d + 1) * sizeof(T));
            // Left uninitialised: only the rows copied in are ever touched, whatever the cache size.
            const auto wide = std::make_unique_for_overwrite<T[]>(d * stride);
            for (std::size_t n : {1, 15, 16, 17, 33, 1001}) {
                const Dataset<T> data = testing::seed_like<T>(n, d, n);
                for (std::size_t j = 0; j < d; ++j) std::copy(data.column(j), data.column(j) + n, wide.get() + j * stride);
                const DatasetView<T> wide_view{wide.get(), data.y.data(), n, d, stride};
                for (const Params<T>& params : agreement_points<T>(d))
                    expect_agreement(wide_view, params, "wide table, n = " + std::to_string(n));
            }
        }
    }

    // Fixed chunks combined in order: the thread count cannot change a single bit. The table has
    // six chunks, so 8 threads also try a team cut down to the chunk count.
    template <class T>
    void same_bits_for_any_thread_count() {
        const Dataset<T> data = testing::seed_like<T>(5 * 32768 + 77, 3);
        const Params<T> params = agreement_points<T>(3)[1];
        const int threads_before = omp_get_max_threads();
        const int thread_counts[] = {1, 2, 3, 8};
        std::vector<T> results[std::size(thread_counts)];
        for (std::size_t i = 0; i < std::size(thread_counts); ++i) {
            omp_set_num_threads(thread_counts[i]);
            Gradient<T> g;
            std::vector<T>& r = results[i];
            r.push_back(impl().loss_and_gradient(data.view(), params, g));
            r.push_back(g.db);
            r.insert(r.end(), g.dw.begin(), g.dw.end());
            r.push_back(impl().mse(data.view(), params));
        }
        omp_set_num_threads(threads_before);
        for (std::size_t i = 1; i < std::size(thread_counts); ++i)
            EXPECT_EQ(0, std::memcmp(results[0].data(), results[i].data(), results[0].size() * sizeof(T)))
                << thread_counts[i] << " threads differ from 1";
    }
};

TEST_P(ImplementationTest, AgreesWithReferenceOnEveryTailFloat) { agreement_over_sizes<float>(); }
TEST_P(ImplementationTest, AgreesWithReferenceOnEveryTailDouble) { agreement_over_sizes<double>(); }
TEST_P(ImplementationTest, AgreesOnMisalignedViewsFloat) { agreement_on_misaligned_views<float>(); }
TEST_P(ImplementationTest, AgreesOnMisalignedViewsDouble) { agreement_on_misaligned_views<double>(); }
TEST_P(ImplementationTest, StaysInsideTheSpansFloat) { stays_inside_the_spans<float>(); }
TEST_P(ImplementationTest, StaysInsideTheSpansDouble) { stays_inside_the_spans<double>(); }
TEST_P(ImplementationTest, DescendIsLossAndGradientThenAStepFloat) { descend_is_loss_and_gradient_then_a_step<float>(); }
TEST_P(ImplementationTest, DescendIsLossAndGradientThenAStepDouble) { descend_is_loss_and_gradient_then_a_step<double>(); }
TEST_P(ImplementationTest, RejectsBadArgumentsFloat) { rejects_bad_arguments<float>(); }
TEST_P(ImplementationTest, RejectsBadArgumentsDouble) { rejects_bad_arguments<double>(); }
TEST_P(ImplementationTest, SameBitsForAnyThreadCountFloat) { same_bits_for_any_thread_count<float>(); }
TEST_P(ImplementationTest, SameBitsForAnyThreadCountDouble) { same_bits_for_any_thread_count<double>(); }
TEST_P(ImplementationTest, AgreesOnAWideTableFloat) { agreement_on_a_wide_table<float>(); }
TEST_P(ImplementationTest, AgreesOnAWideTableDouble) { agreement_on_a_wide_table<double>(); }

// Large n: the float sums over millions of rows are where a naive kernel loses digits.
TEST_P(ImplementationTest, AgreesAtFourMillionRows) {
    const std::size_t n = std::size_t{1} << 22;
    const Dataset<float> f32 = testing::seed_like<float>(n, 1);
    const Dataset<double> f64 = testing::seed_like<double>(n, 1);
    for (const Params<float>& params : agreement_points<float>(1)) expect_agreement(f32.view(), params, "2^22");
    for (const Params<double>& params : agreement_points<double>(1)) expect_agreement(f64.view(), params, "2^22");
}

INSTANTIATE_TEST_SUITE_P(Supported, ImplementationTest, testing::each_supported_implementation(),
                         testing::implementation_name);

}  // namespace
}  // namespace descent
