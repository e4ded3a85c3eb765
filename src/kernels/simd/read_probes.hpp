// The read limits the benchmarks compare against, measured the way the kernels read: a plain
// sum over the same bytes, and the same for d + 1 streams read together. Not kernels: they
// have a table of their own (RoofProbes, roof_probes.hpp).
#pragma once

#include <array>
#include <cstddef>

#include "../kernel_tables.hpp"
#include "arch_helpers.hpp"
#include "prefetch.hpp"

namespace descent::detail {
namespace {

// The machine's read limit for the same bytes: a plain sum with enough accumulators that only
// the loads can bound it.
template <class Arch, class T>
double simd_read_sum(const T* p, std::size_t n) {
    using V = xsimd::batch<T, Arch>;
    constexpr std::size_t unroll = 8;
    constexpr std::size_t step = V::size * unroll;
    std::array<V, unroll> acc = zeros<V, unroll>();
    const std::size_t full = n - n % step;
    for (std::size_t i = 0; i < full; i += step)
#pragma GCC unroll 8  // fully: the accumulators must become registers, as in FewFeatureSums
        for (std::size_t u = 0; u < unroll; ++u) acc[u] += V::load_unaligned(p + i + u * V::size);
    V total = acc[0];
    for (std::size_t u = 1; u < unroll; ++u) total += acc[u];
    double sum = xsimd::hadd(total);
    for (std::size_t i = full; i < n; ++i) sum += p[i];
    return sum;
}

// The same limit for d + 1 streams read together (the target, then each column, row by row):
// eight rows of vectors at a time, one accumulator each, so the d + 1 adds into an accumulator
// overlap with seven others instead of waiting on each other. It prefetches as the any-d loop
// does: without it that loop would beat its own roof. (The loops with the columns in registers
// do not prefetch: it made them slower.)
template <class Arch, class T, Prefetch P>
double simd_read_rows(const DatasetView<T>& data) {
    using V = xsimd::batch<T, Arch>;
    constexpr std::size_t unroll = 8;
    constexpr std::size_t step = V::size * unroll;
    std::array<V, unroll> acc = zeros<V, unroll>();
    const std::size_t full = data.n - data.n % step;
    for (std::size_t i = 0; i < full; i += step)
#pragma GCC unroll 8  // fully: the accumulators must become registers
        for (std::size_t u = 0; u < unroll; ++u) {
            const std::size_t r = i + u * V::size;
            prefetch_ahead<P, sizeof(V)>(data.y + r);
            V row = V::load_unaligned(data.y + r);
            for (std::size_t j = 0; j < data.d; ++j) {
                prefetch_ahead<P, sizeof(V)>(data.feature(j) + r);
                row += V::load_unaligned(data.feature(j) + r);
            }
            acc[u] += row;
        }
    V total = acc[0];
    for (std::size_t u = 1; u < unroll; ++u) total += acc[u];
    double sum = xsimd::hadd(total);
    for (std::size_t i = full; i < data.n; ++i) {
        sum += data.y[i];
        for (std::size_t j = 0; j < data.d; ++j) sum += data.feature(j)[i];
    }
    return sum;
}

// The probes of Arch, each followed by a clean exit.
template <class Arch, class T>
double read_sum_entry(const T* p, std::size_t n) {
    const double sum = simd_read_sum<Arch, T>(p, n);
    leave_clean_upper_state<Arch>();
    return sum;
}
template <class Arch, class T>
double read_rows_entry(const DatasetView<T>& data, const LoopOptions& options) {
    const double sum = prefetch_for(data, options) == Prefetch::far_ahead ? simd_read_rows<Arch, T, Prefetch::far_ahead>(data)
                                                                          : simd_read_rows<Arch, T, Prefetch::none>(data);
    leave_clean_upper_state<Arch>();
    return sum;
}

}  // namespace
}  // namespace descent::detail
