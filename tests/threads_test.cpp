// Thread control for programs with threads of their own: a per-object thread count, and the
// fused pass run chunk by chunk on the caller's threads, with the same bits as the library's.
#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>
#include <thread>
#include <vector>

#include <omp.h>

#include "descent/registry.hpp"
#include "descent/threads.hpp"
#include "kernels/chunked.hpp"
#include "test_data.hpp"

namespace descent {
namespace {

// Bitwise equality, NaN-safe and without tolerance: these are the same computations.
template <class T>
void expect_same_bits(const Params<T>& a, const Params<T>& b) {
    EXPECT_EQ(std::memcmp(&a.b, &b.b, sizeof(T)), 0) << a.b << " vs " << b.b;
    ASSERT_EQ(a.w.size(), b.w.size());
    EXPECT_EQ(std::memcmp(a.w.data(), b.w.data(), a.w.size() * sizeof(T)), 0);
}

// 3.5 chunks: a team of every size up to 4 gets work, and the last chunk is partial.
constexpr std::size_t kRows = 3 * kChunkRows + kChunkRows / 2;

template <class T>
class ThreadsTest : public ::testing::Test {};
using Types = ::testing::Types<float, double>;
TYPED_TEST_SUITE(ThreadsTest, Types);

TYPED_TEST(ThreadsTest, WithThreadsGivesTheSameBitsForEveryThreadCount) {
    using T = TypeParam;
    for (std::size_t d : {1, 3}) {
        const Dataset<T> data = testing::seed_like<T>(kRows, d);
        for (const char* name : {"simd_omp", "omp", "auto"}) {
            const Implementation& impl = find_implementation(name);
            Params<T> expected{T(-3), std::vector<T>(d, T(5))};
            Gradient<T> expected_gradient;
            const T expected_loss = impl.descend(data.view(), expected, 0.01, expected_gradient);
            for (int threads : {1, 2, 3, 7}) {
                const auto limited = with_threads(impl, threads);
                EXPECT_EQ(limited->name(), impl.name());
                Params<T> params{T(-3), std::vector<T>(d, T(5))};
                Gradient<T> gradient;
                EXPECT_EQ(limited->descend(data.view(), params, 0.01, gradient), expected_loss) << name << " " << threads;
                expect_same_bits(params, expected);
                EXPECT_EQ(gradient.db, expected_gradient.db);
                EXPECT_EQ(gradient.dw, expected_gradient.dw);
            }
        }
    }
}

// simd and simd_omp run the same kernels over the same chunks, one on the calling thread, the
// other on a team: the same bits, so `auto` gives one answer on either side of its crossover,
// wherever a measurement puts it.
TYPED_TEST(ThreadsTest, ThreadedAndUnthreadedGiveTheSameBits) {
    using T = TypeParam;
    const Implementation& alone = find_implementation("simd");
    const Implementation& team = find_implementation("simd_omp");
    for (std::size_t d : {1, 3, 10}) {
        const Dataset<T> data = testing::seed_like<T>(kRows, d);
        Params<T> expected{T(-3), std::vector<T>(d, T(5))}, params = expected;
        Gradient<T> expected_gradient, gradient;
        const T expected_loss = alone.descend(data.view(), expected, 0.01, expected_gradient);
        EXPECT_EQ(team.descend(data.view(), params, 0.01, gradient), expected_loss) << "d = " << d;
        expect_same_bits(params, expected);
        EXPECT_EQ(gradient.db, expected_gradient.db);
        EXPECT_EQ(gradient.dw, expected_gradient.dw);
        EXPECT_EQ(team.mse(data.view(), params), alone.mse(data.view(), params)) << "d = " << d;
        const PassSums from_alone = alone.statistics(data.view()).pass_sums(params);
        const PassSums from_team = team.statistics(data.view()).pass_sums(params);
        for (std::size_t s = 0; s < from_alone.values().size(); ++s) {
            EXPECT_EQ(from_alone.values()[s].sum, from_team.values()[s].sum) << "d = " << d << ", sum " << s;
            EXPECT_EQ(from_alone.values()[s].error, from_team.values()[s].error) << "d = " << d << ", sum " << s;
        }
    }
}

// The embedder's route: each chunk's sums on threads of the program's own (here a pool of
// three std::threads taking chunks round-robin), added in chunk order, then the step.
TYPED_TEST(ThreadsTest, ChunkSumsOnTheCallersThreadsGiveTheLibrarysBits) {
    using T = TypeParam;
    for (std::size_t d : {1, 3, 10}) {
        const Dataset<T> data = testing::seed_like<T>(kRows, d);
        const DatasetView<T> view = data.view();
        for (const char* name : {"simd_omp", "omp", "auto"}) {
            const Implementation& impl = find_implementation(name);
            Params<T> expected{T(-3), std::vector<T>(d, T(5))};
            Gradient<T> expected_gradient;
            const T expected_loss = impl.descend(view, expected, 0.01, expected_gradient);

            Params<T> params{T(-3), std::vector<T>(d, T(5))};
            std::vector<PassSums> chunk_sums(chunk_count(view.n));
            std::vector<std::thread> pool;
            for (std::size_t t = 0; t < 3; ++t)
                pool.emplace_back([&, t] {
                    for (std::size_t c = t; c < chunk_sums.size(); c += 3) impl.pass_sums(chunk(view, c), params, chunk_sums[c]);
                });
            for (std::thread& thread : pool) thread.join();
            PassSums total(d);
            for (const PassSums& sums : chunk_sums) total.add(sums);
            Gradient<T> gradient;
            EXPECT_EQ(total.descend(view.n, params, 0.01, gradient), expected_loss) << name << " d = " << d;
            expect_same_bits(params, expected);
            EXPECT_EQ(gradient.db, expected_gradient.db);
            EXPECT_EQ(gradient.dw, expected_gradient.dw);
        }
    }
}

TEST(Threads, ChunksCoverTheRowsOnce) {
    EXPECT_EQ(chunk_count(0), 0u);
    EXPECT_EQ(chunk_count(1), 1u);
    EXPECT_EQ(chunk_count(kChunkRows), 1u);
    EXPECT_EQ(chunk_count(kChunkRows + 1), 2u);
    const Dataset<double> data = testing::seed_like<double>(kRows, 2);
    std::size_t rows = 0;
    for (std::size_t c = 0; c < chunk_count(kRows); ++c) {
        const DatasetView<double> part = chunk(data.view(), c);
        EXPECT_EQ(part.y, data.view().y + rows);
        EXPECT_EQ(part.x, data.view().x + rows);
        EXPECT_EQ(part.stride, data.stride);
        rows += part.n;
    }
    EXPECT_EQ(rows, kRows);
}

// How deep in OpenMP's parallel regions each chunk of the table at `recorded_table` ran.
const double* recorded_table = nullptr;
std::vector<int> chunk_levels;
void record_level(const DatasetView<double>& rows, double, const double*, bool, CompensatedSum*, const detail::LoopOptions&) {
    chunk_levels[static_cast<std::size_t>(rows.y - recorded_table) / kChunkRows] = omp_get_level();
}

TEST(Threads, ATeamOfOneRunsTheChunksWithoutAParallelRegion) {
    // Even an inactive region (`if (false)`) makes libgomp build a team and wake it through a
    // futex: a system call per epoch on one thread. omp_get_level counts inactive regions too.
    const Dataset<double> data = testing::seed_like<double>(kRows, 1);
    const detail::RowKernels<double> recorder{nullptr, &record_level, nullptr};
    recorded_table = data.view().y;
    std::vector<CompensatedSum> sums(3);
    const double w = 1.0;
    const int default_threads = omp_get_max_threads();
    for (int threads : {1, 2}) {
        omp_set_num_threads(threads);
        chunk_levels.assign(chunk_count(kRows), -1);
        detail::accumulate_in_chunks(recorder, data.view(), 0.0, &w, true, sums.data(), detail::LoopOptions{});
        EXPECT_EQ(chunk_levels, std::vector<int>(chunk_count(kRows), threads == 1 ? 0 : 1)) << threads << " threads";
    }
    omp_set_num_threads(default_threads);
}

TEST(Threads, BadThreadCountsAndMismatchedSumsAreRefused) {
    const Implementation& impl = find_implementation("simd_omp");
    EXPECT_THROW(with_threads(impl, 0), std::invalid_argument);
    EXPECT_THROW(with_threads(impl, -2), std::invalid_argument);
    PassSums one(1), two(2);
    EXPECT_THROW(one.add(two), std::invalid_argument);
    Params<double> params{0.5, {0.25, 0.125}};
    Gradient<double> gradient;
    EXPECT_THROW(two.descend(0, params, 0.1, gradient), std::invalid_argument);      // n = 0
    EXPECT_THROW(two.descend(10, params, NAN, gradient), std::invalid_argument);     // learning rate
    EXPECT_THROW(one.descend(10, params, 0.1, gradient), std::invalid_argument);     // d
    EXPECT_EQ(params.b, 0.5);
    EXPECT_EQ(params.w, (std::vector<double>{0.25, 0.125}));
}

}  // namespace
}  // namespace descent
