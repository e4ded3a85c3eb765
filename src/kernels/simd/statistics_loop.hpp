// The sufficient statistics' pass (the layout of row_kernels.hpp) in vectors of double, for
// one xsimd arch: for d = 1 the five sums in registers, for more features tiles of pairs in
// registers over a buffer of the block's shifted values. Either way each lane's running sum
// takes at most kMaxChain terms before the lanes are added and folded into its CompensatedSum.
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>

#include "../scalar_rows.hpp"
#include "arch_helpers.hpp"

namespace descent::detail {
namespace {

// d = 1, the book's model: x and y are read once into registers and the five sums with them.
// Through a buffer, its 2 values a row took 2.6x an f32 epoch's time at 2^24 rows.
template <class Arch, class T>
void simd_statistics_one_feature(const DatasetView<T>& data, const double* shift, CompensatedSum* sums) {
    using V = Doubles<Arch>;
    constexpr std::size_t m = 2, count = statistics_count(m), unroll = 2;  // two sets: FMAs into one sum 2 steps apart
    constexpr std::size_t step = unroll * V::size, block = kMaxChain * step;
    const std::size_t full = data.n - data.n % step;
    const V shift_x(shift[0]), shift_y(shift[1]);
    for (std::size_t begin = 0; begin < full; begin += block) {
        const std::size_t end = std::min(full, begin + block);
        std::array<std::array<V, count>, unroll> partial;
        for (auto& set : partial) set = zeros<V, count>();
        for (std::size_t i = begin; i < end; i += step)
#pragma GCC unroll 2
            for (std::size_t u = 0; u < unroll; ++u) {
                const V zx = load_doubles<Arch>(data.feature(0) + i + u * V::size) - shift_x;
                const V zy = load_doubles<Arch>(data.y + i + u * V::size) - shift_y;
                std::array<V, count>& p = partial[u];
                p[first_order(0)] += zx;
                p[first_order(1)] += zy;
                p[second_order(m, 0, 0)] = xsimd::fma(zx, zx, p[second_order(m, 0, 0)]);
                p[second_order(m, 0, 1)] = xsimd::fma(zx, zy, p[second_order(m, 0, 1)]);
                p[second_order(m, 1, 1)] = xsimd::fma(zy, zy, p[second_order(m, 1, 1)]);
            }
#pragma GCC unroll 5
        for (std::size_t k = 0; k < count; ++k) add(sums[k], xsimd::hadd(partial[0][k] + partial[1][k]));
    }
    scalar_statistics(data.rows(full, data.n), shift, sums);
}

// The sums of the products of the variables a0 .. a0 + tile - 1 with b0 .. b0 + tile - 1 over
// one block of the buffer (`rows` values a variable), in registers. On the diagonal
// (Diagonal: a0 == b0) only the pairs a <= b, the others being the same sums.
template <class V, std::size_t Tile, bool Diagonal>
std::array<V, Tile * Tile> tile_sums(const double* z, std::size_t rows, std::size_t a0, std::size_t b0) {
    std::array<V, Tile * Tile> partial = zeros<V, Tile * Tile>();
    for (std::size_t i = 0; i < rows; i += V::size) {
        std::array<V, Tile> za, zb;
#pragma GCC unroll 4
        for (std::size_t p = 0; p < Tile; ++p) {
            za[p] = V::load_aligned(z + (a0 + p) * rows + i);
            zb[p] = V::load_aligned(z + (b0 + p) * rows + i);
        }
#pragma GCC unroll 16
        for (std::size_t k = 0; k < Tile * Tile; ++k)
            if (!Diagonal || k / Tile <= k % Tile) partial[k] = xsimd::fma(za[k / Tile], zb[k % Tile], partial[k]);
    }
    return partial;
}

// Any d: per block of kMaxChain vectors of rows, each variable's shifted values widened into a
// buffer once, with a last variable that is 1 everywhere, so that S_a = sum z_a 1 comes out with
// the products. The pairs are taken kStatisticsTile x kStatisticsTile at a time, their
// accumulators in registers: each vector loaded serves kStatisticsTile FMAs (one FMA per pair
// and a load for each, through the buffer, took an f32 fit 4.95x an epoch's time at d = 10).
template <class Arch, class T>
void simd_statistics_tiled(const DatasetView<T>& data, const double* shift, CompensatedSum* sums) {
    using V = Doubles<Arch>;
    constexpr std::size_t tile = kStatisticsTile<Arch>, rows = kMaxChain * V::size;
    const std::size_t m = data.d + 1, one = m;
    const std::size_t padded = (m + 1 + tile - 1) / tile * tile;  // the variables, the ones, zeros
    const std::size_t full = data.n - data.n % rows;
    AlignedVector<double> z(padded * rows, 0.0);
    std::fill(&z[one * rows], &z[one * rows] + rows, 1.0);
    for (std::size_t begin = 0; begin < full; begin += rows) {
        for (std::size_t a = 0; a < m; ++a) {
            const T* values = (a < data.d ? data.feature(a) : data.y) + begin;
            const V s(shift[a]);
            for (std::size_t i = 0; i < rows; i += V::size) {
                // Short runs of d + 1 columns in turn, which the hardware prefetchers do not follow:
                // each run asks for the next block's, read while this block's products are summed
                // (the address formed as an integer: past the end, a prefetch does not fault).
                __builtin_prefetch(reinterpret_cast<const void*>(reinterpret_cast<std::uintptr_t>(values + i) + sizeof(T) * rows), 0, 3);
                (load_doubles<Arch>(values + i) - s).store_aligned(&z[a * rows + i]);
            }
        }
        for (std::size_t a0 = 0; a0 < m; a0 += tile)
            for (std::size_t b0 = a0; b0 < padded; b0 += tile) {
                const std::array<V, tile * tile> partial = a0 == b0 ? tile_sums<V, tile, true>(z.data(), rows, a0, b0)
                                                                    : tile_sums<V, tile, false>(z.data(), rows, a0, b0);
                for (std::size_t k = 0; k < tile * tile; ++k) {
                    const std::size_t a = a0 + k / tile, b = b0 + k % tile;
                    if (a >= m || a > b || b > m) continue;  // below the diagonal, or padding
                    add(sums[b == one ? first_order(a) : second_order(m, a, b)], xsimd::hadd(partial[k]));
                }
            }
    }
    scalar_statistics(data.rows(full, data.n), shift, sums);
}

// The statistics of the rows: d = 1 in registers, more features tiled.
template <class Arch, class T>
void simd_statistics(const DatasetView<T>& data, const double* shift, CompensatedSum* sums) {
    if (data.d == 1) return simd_statistics_one_feature<Arch>(data, shift, sums);
    simd_statistics_tiled<Arch, T>(data, shift, sums);
}

}  // namespace
}  // namespace descent::detail
