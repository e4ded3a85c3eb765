// The sufficient statistics' pass (the layout of row_kernels.hpp) in vectors of double, for
// one xsimd arch: for d = 1 the five sums in registers, for more features tiles of pairs in
// registers over a buffer of the block's shifted values. Either way each lane's running sum
// takes at most kMaxChain terms before it is folded into a compensated total (for d = 1 the
// lanes' sum, for more features each lane's own, the lanes added once at the end).
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

#include "../scalar_rows.hpp"
#include "arch_helpers.hpp"
#include "prefetch.hpp"

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

// The sums of the products of z_a, a in [a0, a0 + A), with z_b, b in [b0, b0 + B), over one
// block of the buffer (`rows` values a variable), in registers, each then added to its lanes'
// compensated totals. On the diagonal (a0 == b0, A == B) only the pairs a <= b: the others
// are the same sums.
template <class Arch, std::size_t A, std::size_t B, bool Diagonal>
void add_tile(const double* z, std::size_t rows, std::size_t m, std::size_t a0, std::size_t b0, CompensatedLanes<Arch>* lanes) {
    using V = Doubles<Arch>;
    static_assert(!Diagonal || A == B);
    std::array<V, A * B> partial = zeros<V, A * B>();
    for (std::size_t i = 0; i < rows; i += V::size) {
        std::array<V, A> za;
        std::array<V, B> zb;
#pragma GCC unroll 4
        for (std::size_t p = 0; p < A; ++p) za[p] = V::load_aligned(z + (a0 + p) * rows + i);
#pragma GCC unroll 4
        for (std::size_t q = 0; q < B; ++q) zb[q] = Diagonal ? za[q] : V::load_aligned(z + (b0 + q) * rows + i);
#pragma GCC unroll 16
        for (std::size_t k = 0; k < A * B; ++k)
            if (!Diagonal || k / B <= k % B) partial[k] = xsimd::fma(za[k / B], zb[k % B], partial[k]);
    }
#pragma GCC unroll 16
    for (std::size_t k = 0; k < A * B; ++k)
        if (!Diagonal || k / B <= k % B) lanes[second_order(m, a0 + k / B, b0 + k % B)].add(partial[k]);
}

// Every pair of one block, Tile x Tile at a time; the last R = m % Tile variables (0 < R <
// Tile, or R = Tile when Tile divides m) take tiles of their own size, not zeros.
template <class Arch, std::size_t Tile, std::size_t R>
void add_block_products(const double* z, std::size_t rows, std::size_t m, CompensatedLanes<Arch>* lanes) {
    const std::size_t last = m - R;  // where the short group starts
    for (std::size_t a0 = 0; a0 < last; a0 += Tile) {
        add_tile<Arch, Tile, Tile, true>(z, rows, m, a0, a0, lanes);
        for (std::size_t b0 = a0 + Tile; b0 < last; b0 += Tile) add_tile<Arch, Tile, Tile, false>(z, rows, m, a0, b0, lanes);
        add_tile<Arch, Tile, R, false>(z, rows, m, a0, last, lanes);
    }
    add_tile<Arch, R, R, true>(z, rows, m, last, last, lanes);
}

// add_block_products for each size of the last group, 1 .. Tile, at (m - 1) % Tile.
template <class Arch>
using BlockProducts = void (*)(const double* z, std::size_t rows, std::size_t m, CompensatedLanes<Arch>* lanes);
template <class Arch, std::size_t Tile, std::size_t... R>
constexpr std::array<BlockProducts<Arch>, sizeof...(R)> block_products_table(std::index_sequence<R...>) {
    return {&add_block_products<Arch, Tile, R + 1>...};
}

// Any d: per block of kMaxChain vectors of rows, each variable's shifted values widened into a
// buffer once, their sum taken on the way; then the pairs' products, kStatisticsTile x
// kStatisticsTile at a time with their sums in registers: each vector loaded serves up to
// kStatisticsTile FMAs (one FMA per pair and a load for each, through the buffer, took an f32
// fit 4.95x an epoch's time at d = 10). Every block's sums go into per-lane compensated totals,
// added across the lanes once at the end.
template <class Arch, class T>
void simd_statistics_tiled(const DatasetView<T>& data, const double* shift, CompensatedSum* sums) {
    using V = Doubles<Arch>;
    constexpr std::size_t rows = kMaxChain * V::size;
    // A prefetch a cache line: a vector of T is 32 bytes for float, 64 for double.
    constexpr std::size_t per_line = std::max<std::size_t>(1, kCacheLine / (sizeof(T) * V::size));
    const std::size_t m = data.d + 1, full = data.n - data.n % rows;
    AlignedVector<double> z(m * rows);
    std::vector<CompensatedLanes<Arch>> lanes(statistics_count(m));
    constexpr std::size_t tile = kStatisticsTile<Arch>;
    static constexpr auto by_last_group = block_products_table<Arch, tile>(std::make_index_sequence<tile>());
    const BlockProducts<Arch> add_products = by_last_group[(m - 1) % tile];
    for (std::size_t begin = 0; begin < full; begin += rows) {
        for (std::size_t a = 0; a < m; ++a) {
            const T* values = (a < data.d ? data.feature(a) : data.y) + begin;
            const V s(shift[a]);
            std::array<V, per_line> first = zeros<V, per_line>();
            for (std::size_t i = 0; i < rows; i += per_line * V::size) {
                // Short runs of d + 1 columns in turn, which the hardware prefetchers do not follow:
                // each run asks for the next block's, read while this block's products are summed
                // (the address formed as an integer: past the end, a prefetch does not fault).
                __builtin_prefetch(reinterpret_cast<const void*>(reinterpret_cast<std::uintptr_t>(values + i) + sizeof(T) * rows), 0, 3);
#pragma GCC unroll 4
                for (std::size_t u = 0; u < per_line; ++u) {
                    const V za = load_doubles<Arch>(values + i + u * V::size) - s;
                    za.store_aligned(&z[a * rows + i + u * V::size]);
                    first[u] += za;
                }
            }
            lanes[first_order(a)].add(pairwise_sum(first));
        }
        add_products(z.data(), rows, m, lanes.data());
    }
    for (std::size_t k = 0; k < lanes.size(); ++k)
        if (!lanes[k].empty) add(sums[k], xsimd::hadd(lanes[k].sum + lanes[k].error));
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
