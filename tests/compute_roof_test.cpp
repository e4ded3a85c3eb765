// The compute roof must be the kernel's own arithmetic: with its rows from registers, the pass
// must give the bits of `simd`'s pass over a table holding the same values, for every loop
// `simd` chooses by d. The value is inexact, so a missing, extra or reordered operation changes
// the rounding (checked: a probe that skipped the widening of float y to double failed here).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <type_traits>

#include "descent/compute_roof.hpp"
#include "descent/registry.hpp"
#include "descent/storage16.hpp"
#include "descent/threads.hpp"

namespace descent {
namespace {

template <class T>
double simd_pass_total(std::size_t n, std::size_t d) {
    using P = parameter_t<T>;
    T value;
    if constexpr (is_storage16<T>)
        value = to_storage16<T>(static_cast<float>(kProbeValue));
    else
        value = static_cast<T>(kProbeValue);
    Dataset<T> data;
    data.resize(n, d);
    std::fill(data.x.begin(), data.x.end(), value);
    std::fill(data.y.begin(), data.y.end(), value);
    const Params<P> params{P(0), std::vector<P>(d, static_cast<P>(kProbeValue))};
    PassSums sums;
    find_implementation("simd").pass_sums(data.view(), params, sums);
    double total = 0;
    for (const CompensatedSum& sum : sums.values()) total += sum.sum + sum.error;
    return total;
}

template <class T>
void expect_kernel_bits() {
    if (!has_compute_roof()) GTEST_SKIP() << "no compute roof on this processor";
    // d = 1; the register loops up to 12 features (float under AVX-512); the streaming loop.
    for (std::size_t d : {1, 2, 3, 10, 12, 13})
        for (std::size_t n : {64, 4096, 3 * 32768})
            EXPECT_EQ(pass_arithmetic<T>(n, d, n, false), simd_pass_total<T>(n, d)) << "n = " << n << ", d = " << d;
}

TEST(ComputeRoof, IsTheSimdPassFromRegistersFloat) { expect_kernel_bits<float>(); }
TEST(ComputeRoof, IsTheSimdPassFromRegistersDouble) { expect_kernel_bits<double>(); }
TEST(ComputeRoof, IsTheSimdPassFromRegistersBf16) { expect_kernel_bits<bf16>(); }
TEST(ComputeRoof, IsTheSimdPassFromRegistersF16) { expect_kernel_bits<f16>(); }

TEST(ComputeRoof, ThreadedRunCoversEveryChunk) {
    if (!has_compute_roof()) GTEST_SKIP() << "no compute roof on this processor";
    // Two whole chunks and a part: the sum of the chunks' passes, in whichever order they came.
    const std::size_t chunk = kChunkRows;
    const double expected = 2 * pass_arithmetic<double>(chunk, 3, 2 * chunk + 64, false) +
                            pass_arithmetic<double>(64, 3, 2 * chunk + 64, false);
    EXPECT_NEAR(pass_arithmetic<double>(2 * chunk + 64, 3, 2 * chunk + 64, true), expected, 1e-12 * std::abs(expected));
}

TEST(ComputeRoof, RefusesNoFeatures) {
    if (!has_compute_roof()) GTEST_SKIP() << "no compute roof on this processor";
    EXPECT_THROW(pass_arithmetic<float>(64, 0, 64, false), std::invalid_argument);
}

}  // namespace
}  // namespace descent
