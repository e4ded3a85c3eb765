// The sufficient statistics' pass (the layout of row_kernels.hpp) in vectors of double, for
// one xsimd arch: the same blocks of kMaxChain rows as scalar_statistics, each variable's
// shifted values widened into a buffer once, then every sum of z_a and z_a z_b over the block
// in vectors, added across the lanes and folded into its CompensatedSum.
#pragma once

#include <cstddef>

#include "../scalar_rows.hpp"
#include "arch_helpers.hpp"

namespace descent::detail {
namespace {

template <class Arch, class T>
void simd_statistics(const DatasetView<T>& data, const double* shift, CompensatedSum* sums) {
    using V = Doubles<Arch>;
    static_assert(kMaxChain % (2 * V::size) == 0, "a block is a whole number of vector pairs");
    const std::size_t m = data.d + 1;
    const std::size_t full = data.n - data.n % kMaxChain;
    AlignedVector<double> z(m * kMaxChain);
    // Two running vectors per sum: the FMAs into one come a few cycles apart.
    const auto block_sum = [](const double* za, const double* zb) {
        V even = V::load_aligned(za) * V::load_aligned(zb), odd = V::load_aligned(za + V::size) * V::load_aligned(zb + V::size);
        for (std::size_t i = 2 * V::size; i < kMaxChain; i += 2 * V::size) {
            even = xsimd::fma(V::load_aligned(za + i), V::load_aligned(zb + i), even);
            odd = xsimd::fma(V::load_aligned(za + i + V::size), V::load_aligned(zb + i + V::size), odd);
        }
        return xsimd::hadd(even + odd);
    };
    for (std::size_t begin = 0; begin < full; begin += kMaxChain) {
        for (std::size_t a = 0; a < m; ++a) {
            const T* values = (a < data.d ? data.feature(a) : data.y) + begin;
            const V s(shift[a]);
            for (std::size_t i = 0; i < kMaxChain; i += V::size) (load_doubles<Arch>(values + i) - s).store_aligned(&z[a * kMaxChain + i]);
        }
        for (std::size_t b = 0; b < m; ++b) {
            const double* zb = &z[b * kMaxChain];
            V first = V::load_aligned(zb);
            for (std::size_t i = V::size; i < kMaxChain; i += V::size) first += V::load_aligned(zb + i);
            add(sums[first_order(b)], xsimd::hadd(first));
            for (std::size_t a = 0; a <= b; ++a) add(sums[second_order(m, a, b)], block_sum(&z[a * kMaxChain], zb));
        }
    }
    scalar_statistics(data.rows(full, data.n), shift, sums);
}

}  // namespace
}  // namespace descent::detail
