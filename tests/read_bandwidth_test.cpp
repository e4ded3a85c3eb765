// The read-limit probes must read every value exactly once: with small integers every partial
// sum is exact in floating point, so the totals must match to the last bit.
#include <gtest/gtest.h>

#include "descent/read_bandwidth.hpp"

namespace descent {
namespace {

template <class T>
void expect_exact_totals() {
    for (std::size_t n : {1, 7, 64, 1000, 3 * 32768 + 5})  // tails, and several threads' chunks
        for (std::size_t d : {1, 3, 10}) {
            Dataset<T> data;
            data.resize(n, d);
            double expected = 0;
            for (std::size_t i = 0; i < n; ++i) {
                data.y[i] = static_cast<T>(i % 5);
                expected += static_cast<double>(i % 5);
                for (std::size_t j = 0; j < d; ++j) {
                    data.column(j)[i] = static_cast<T>((i + j) % 3);
                    expected += static_cast<double>((i + j) % 3);
                }
            }
            for (bool threaded : {false, true}) {
                EXPECT_EQ(read_rows_sum(data.view(), threaded), expected) << "n = " << n << ", d = " << d;
                double columns = read_sum(std::span<const T>(data.y), threaded);
                for (std::size_t j = 0; j < d; ++j) columns += read_sum(std::span<const T>(data.column(j), n), threaded);
                EXPECT_EQ(columns, expected) << "n = " << n << ", d = " << d;
            }
        }
}

TEST(ReadBandwidth, ProbesReadEveryValueOnceFloat) { expect_exact_totals<float>(); }
TEST(ReadBandwidth, ProbesReadEveryValueOnceDouble) { expect_exact_totals<double>(); }

}  // namespace
}  // namespace descent
