// The SIMD row loops, written once with xsimd and compiled once per instruction set by the
// simd_<isa>.cpp files, each with its own flags. Private to the library.
//
// Arithmetic is in double for both element types wherever accuracy needs it: float rows are
// widened exactly on load (and predictions narrowed on store), so float data costs half the
// memory traffic of double while its results carry double's accuracy. The loops on float data
// do part of their work in float, with short chains, because double arithmetic could not keep
// up with float's read rate: where the columns fit in the registers (d = 1; up to 12 under
// AVX-512) all but the squares of d >= 2, in the any-d loop the products x_j e and the sums of
// w_j x_j over groups of columns (see agreement.cpp for the bounds).
#pragma once

#include <immintrin.h>

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <type_traits>
#include <utility>
#include <vector>
#include <xsimd/xsimd.hpp>

#include "descent/machine.hpp"
#include "scalar_rows.hpp"
#include "kernel_tables.hpp"

namespace descent::detail {
namespace {  // internal linkage: see compensated_sum.hpp

template <class Arch>
using Doubles = xsimd::batch<double, Arch>;

// xsimd 8.1 converts float to double element by element through memory; these are the
// single-instruction widenings for each register width.
template <class Arch>
Doubles<Arch> load_doubles(const double* p) {
    return Doubles<Arch>::load_unaligned(p);
}
template <class Arch>
Doubles<Arch> load_doubles(const float* p) {
    if constexpr (std::is_base_of_v<xsimd::avx512f, Arch>)
        return _mm512_cvtps_pd(_mm256_loadu_ps(p));
    else if constexpr (std::is_base_of_v<xsimd::avx, Arch>)
        return _mm256_cvtps_pd(_mm_loadu_ps(p));
    else
        return _mm_cvtps_pd(_mm_castsi128_ps(_mm_loadl_epi64(reinterpret_cast<const __m128i*>(p))));
}
template <class Arch>
void store_doubles(const Doubles<Arch>& v, double* p) {
    v.store_unaligned(p);
}
template <class Arch>
void store_doubles(const Doubles<Arch>& v, float* p) {
    if constexpr (std::is_base_of_v<xsimd::avx512f, Arch>)
        _mm256_storeu_ps(p, _mm512_cvtpd_ps(v));
    else if constexpr (std::is_base_of_v<xsimd::avx, Arch>)
        _mm_storeu_ps(p, _mm256_cvtpd_ps(v));
    else
        _mm_storel_epi64(reinterpret_cast<__m128i*>(p), _mm_castps_si128(_mm_cvtpd_ps(v)));
}

template <class Arch, class T>
void simd_predict(const DatasetView<T>& data, T b, const T* w, T* out) {
    constexpr std::size_t lanes = Doubles<Arch>::size;
    const std::size_t full = data.n - data.n % lanes;
    for (std::size_t i = 0; i < full; i += lanes) {
        Doubles<Arch> prediction(double{b});
        for (std::size_t j = 0; j < data.d; ++j)
            prediction = xsimd::fma(Doubles<Arch>(double{w[j]}), load_doubles<Arch>(data.feature(j) + i), prediction);
        store_doubles<Arch>(prediction, out + i);
    }
    scalar_predict(data.rows(full, data.n), b, w, out + full);
}

// N zero vectors. Not std::array::fill: GCC turns that into a memset of a stack array and then
// keeps the accumulators in memory (seen in the disassembly of the d > 1 loop for 256-bit
// vectors: every FMA read and wrote the stack).
template <class V, std::size_t N>
std::array<V, N> zeros() {
    std::array<V, N> vectors;
#pragma GCC unroll 16
    for (std::size_t k = 0; k < N; ++k) vectors[k] = V(0);
    return vectors;
}

// Partial sums added pairwise: ((a0 + a1) + (a2 + a3)) for four, a0 + a1 for two, a0 alone;
// an odd last part moves up a level as it is. ceil(log2(N)) roundings deep.
template <class V, std::size_t N>
V pairwise_sum(const std::array<V, N>& parts) {
    static_assert(N > 0);
    if constexpr (N == 1) {
        return parts[0];
    } else {
        std::array<V, (N + 1) / 2> pairs;
#pragma GCC unroll 16
        for (std::size_t k = 0; k < N / 2; ++k) pairs[k] = parts[2 * k] + parts[2 * k + 1];
        if constexpr (N % 2 == 1) pairs.back() = parts.back();
        return pairwise_sum(pairs);
    }
}

// A vector of per-lane running totals, each carrying its TwoSum error.
template <class Arch>
struct CompensatedLanes {
    Doubles<Arch> sum = Doubles<Arch>(0.0);
    Doubles<Arch> error = Doubles<Arch>(0.0);
    bool empty = true;
    // The first value is taken as it is, as fold() does: where n fits one block (f32 d = 1 up
    // to 16384 rows), a TwoSum into zero would lengthen the end of every epoch.
    void add(const Doubles<Arch>& x) {
        if (empty)
            sum = x;
        else
            two_sum_add(sum, error, x);
        empty = false;
    }
    // One horizontal add, of each lane's sum + error: one rounding per lane (counted in
    // agreement.cpp), and half the shuffles of adding the two separately.
    void fold_into(CompensatedSum& total) const { fold(total, xsimd::hadd(sum + error)); }
};

// Float rows as two double vectors (low half, high half): exact.
template <class Arch>
std::array<Doubles<Arch>, 2> widen(const xsimd::batch<float, Arch>& v) {
    if constexpr (std::is_base_of_v<xsimd::avx512f, Arch>)
        return {_mm512_cvtps_pd(_mm512_castps512_ps256(v)), _mm512_cvtps_pd(_mm512_extractf32x8_ps(v, 1))};
    else if constexpr (std::is_base_of_v<xsimd::avx, Arch>)
        return {_mm256_cvtps_pd(_mm256_castps256_ps128(v)), _mm256_cvtps_pd(_mm256_extractf128_ps(v, 1))};
    else
        return {_mm_cvtps_pd(v), _mm_cvtps_pd(_mm_movehl_ps(v, v))};
}

// The two halves of a float vector added in float, then widened: one conversion instead of
// the two of widen(), at the cost of one float rounding (counted in agreement.cpp). The d = 1
// loop carries three sums this way every 512 rows; with widen() the carries cost ~13 ns of an
// epoch of 4096 rows (285 -> 271 ns on this project's Zen 4, where a 512-bit vcvtps2pd is slow).
template <class Arch>
Doubles<Arch> widen_half_sum(const xsimd::batch<float, Arch>& v) {
    if constexpr (std::is_base_of_v<xsimd::avx512f, Arch>)
        return _mm512_cvtps_pd(_mm256_add_ps(_mm512_castps512_ps256(v), _mm512_extractf32x8_ps(v, 1)));
    else if constexpr (std::is_base_of_v<xsimd::avx, Arch>)
        return _mm256_cvtps_pd(_mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1)));
    else
        return _mm_cvtps_pd(_mm_add_ps(v, _mm_movehl_ps(v, v)));
}

// The errors e = b - y + sum_j w_j x_j of one vector of rows, from D columns in registers, in
// the arithmetic of B: the columns in pairs (w_a x_a + w_b x_b, a product and an FMA), an odd
// last column fused with b - y, then the terms added pairwise. For d = 1 that is
// fma(w, x, b - y). Depth: 2 + ceil(log2(1 + floor(D / 2))) roundings (agreement.cpp).
template <class B, std::size_t D>
[[gnu::always_inline]] inline B row_errors_from(const std::array<B, D>& x, const B& bias_minus_y, const typename B::value_type* w) {
    std::array<B, 1 + D / 2> terms;
    terms[0] = D % 2 ? xsimd::fma(B(w[D - 1]), x[D - 1], bias_minus_y) : bias_minus_y;
#pragma GCC unroll 16
    for (std::size_t k = 0; k < D / 2; ++k) terms[1 + k] = xsimd::fma(B(w[2 * k]), x[2 * k], B(w[2 * k + 1]) * x[2 * k + 1]);
    return pairwise_sum(terms);
}

// The running sums (e, e^2, x_j e) of the loops whose D columns fit in the vector registers
// alongside the sums, for a batch type B of double or float. A step is one vector of rows from
// each column, each column loaded once, `unroll` steps side by side.
template <class B, std::size_t D, bool WithGradient>
struct FewFeatureSums {
    static constexpr std::size_t unroll = few_features_unroll(D);
    static constexpr std::size_t rows_per_step = B::size * unroll;
    // Float squares summed in float would add twice e's roundings to a float chain; for d >= 2,
    // whose e is deeper than d = 1's, that broke the accuracy target (agreement.cpp), so their
    // squares are summed in double, from e widened exactly: 5% of the loop at d = 10 in L2 and
    // nothing measurable from memory (a prototype of the float loop below, in one process).
    static constexpr bool squares_in_double = std::is_same_v<typename B::value_type, float> && D >= 2;
    using Square = std::conditional_t<squares_in_double, Doubles<typename B::arch_type>, B>;
    static constexpr std::size_t square_sums = squares_in_double ? 2 * unroll : unroll;
    // Set by the first step of add_block, not zeroed: zeroing the sums of each block took GCC
    // one register move per sum (12 for d = 1), and an f32 d = 1 epoch of 4096 rows 262.0-261.3
    // ns against 256.7-253.6 with the first step setting them (medians of twelve interleaved runs
    // of `descent bench --dtype f32 --impl simd --min-n 4096 --max-n 4096`, twice; d = 10 in
    // cache +4%). The e and x_j e sums stay unset in a loss-only pass.
    std::array<B, unroll> e;
    std::array<Square, square_sums> e2;
    std::array<std::array<B, unroll>, D> xe;

    // Rows [begin, end), a whole number of steps: the first step sets the sums, the others add
    // to them. `load` reads a B from T values, `w` holds B's element type.
    template <class T, class Load>
    void add_block(const DatasetView<T>& data, std::size_t begin, std::size_t end, const B& bias,
                   const typename B::value_type* w, Load load) {
        add_rows<true>(data, begin, bias, w, load);
        for (std::size_t i = begin + rows_per_step; i < end; i += rows_per_step) add_rows<false>(data, i, bias, w, load);
    }

private:
    // Rows [i, i + rows_per_step). First: the block's first step, which sets the sums.
    template <bool First, class T, class Load>
    void add_rows(const DatasetView<T>& data, std::size_t i, const B& bias, const typename B::value_type* w, Load load) {
#pragma GCC unroll 4  // fully: the accumulators must become registers, not stack slots
        for (std::size_t u = 0; u < unroll; ++u) {
            const std::size_t r = i + u * B::size;
            std::array<B, D> x;
#pragma GCC unroll 16
            for (std::size_t j = 0; j < D; ++j) {
                x[j] = load(data.feature(j) + r);
                // Pins x in a register under AVX-512: GCC otherwise reads it from memory again
                // for each FMA that uses it, and loads bound these loops in L1/L2 (one load
                // fewer per 16 rows took f32 d = 1 at 2^16 from 90-93% to 99-101% of the plain
                // sum). With the 16 registers of SSE2 and AVX2 the pin forced spills (simd_avx2
                // lost 25-35% in cache).
                if constexpr (std::is_base_of_v<xsimd::avx512f, typename B::arch_type>) asm("" : "+v"(x[j].data));
            }
            const B er = row_errors_from(x, bias - load(data.y + r), w);
            if constexpr (squares_in_double) {
                const auto halves = widen<typename B::arch_type>(er);
                e2[2 * u] = First ? halves[0] * halves[0] : xsimd::fma(halves[0], halves[0], e2[2 * u]);
                e2[2 * u + 1] = First ? halves[1] * halves[1] : xsimd::fma(halves[1], halves[1], e2[2 * u + 1]);
            } else {
                e2[u] = First ? er * er : xsimd::fma(er, er, e2[u]);
            }
            if constexpr (WithGradient) {
                e[u] = First ? er : e[u] + er;
#pragma GCC unroll 16
                for (std::size_t j = 0; j < D; ++j) xe[j][u] = First ? x[j] * er : xsimd::fma(x[j], er, xe[j][u]);
            }
        }
    }
};

// Per-lane running totals of each sum in double, emptied into the CompensatedSums at the end.
template <class Arch, std::size_t D, bool WithGradient>
struct FewFeatureTotals {
    CompensatedLanes<Arch> errors, squares;
    std::array<CompensatedLanes<Arch>, D> products;

    void add_linear(const Doubles<Arch>& e, const std::array<Doubles<Arch>, D>& xe) {
        if constexpr (WithGradient) {
            errors.add(e);
            for (std::size_t j = 0; j < D; ++j) products[j].add(xe[j]);
        }
    }
    void fold_into(CompensatedSum* sums) const {
        squares.fold_into(sums[kSumOfSquares]);
        if constexpr (WithGradient) {
            errors.fold_into(sums[kSumOfErrors]);
            for (std::size_t j = 0; j < D; ++j) products[j].fold_into(sums[kFirstFeatureSum + j]);
        }
    }
};

// Double data, the d whose columns fit in the registers (kRegisterFeatures: d = 1, the book's
// model): one fused loop whose partial sums all stay in registers.
template <class Arch, std::size_t D, bool WithGradient>
void simd_accumulate_few_features(const DatasetView<double>& data, double b, const double* w, CompensatedSum* sums) {
    using V = Doubles<Arch>;
    using Sums = FewFeatureSums<V, D, WithGradient>;
    constexpr std::size_t block = kMaxChain * Sums::rows_per_step;  // each lane adds kMaxChain terms per block
    const std::size_t full = data.n - data.n % Sums::rows_per_step;
    const V bias(b);
    const auto load = [](const double* p) { return V::load_unaligned(p); };
    FewFeatureTotals<Arch, D, WithGradient> totals;

    for (std::size_t begin = 0; begin < full; begin += block) {
        const std::size_t end = std::min(full, begin + block);
        Sums partial;
        partial.add_block(data, begin, end, bias, w, load);
        totals.squares.add(pairwise_sum(partial.e2));
        if constexpr (WithGradient) {
            std::array<V, D> xe;
#pragma GCC unroll 16
            for (std::size_t j = 0; j < D; ++j) xe[j] = pairwise_sum(partial.xe[j]);
            totals.add_linear(pairwise_sum(partial.e), xe);
        }
    }
    totals.fold_into(sums);
    scalar_accumulate(data.rows(full, data.n), b, w, WithGradient, sums);
}

// Float data, the d whose columns fit in the registers (kRegisterFeatures: up to 12 under
// AVX-512, d = 1 with 16 registers): arithmetic in float, twice the rows per instruction
// of double -- what it takes to keep up with the float read rate in cache. Accuracy comes from
// short chains: each float running sum takes kFloatChain steps before it is widened and
// carried on in double (kMaxChain of those per lane, then a TwoSum fold); e itself is the
// shallow sum of row_errors_from. The bounds this gives are in agreement.cpp.
// At d = 10 it replaced the any-d loop (e in double, the products through a scratch array):
// `descent bench --d 10 --dtype f32 --impl simd`, one run per build, 910 -> 1479 Mrows/s at
// n = 2^12 and 563 -> 641 at 2^20 (103% -> 115% of the one-stream limit in that run; in a
// throwaway harness the old loop had read 55-69% of it while the limit ran at 37-39 GB/s).
// Other d: docs/optimization-notes.md.
template <class Arch, std::size_t D, bool WithGradient>
void simd_accumulate_few_features(const DatasetView<float>& data, float b, const float* w, CompensatedSum* sums) {
    using F = xsimd::batch<float, Arch>;
    using V = Doubles<Arch>;
    using Sums = FewFeatureSums<F, D, WithGradient>;
    constexpr std::size_t float_block = kFloatChain * Sums::rows_per_step;
    constexpr std::size_t block = kMaxChain * float_block;
    const std::size_t full = data.n - data.n % Sums::rows_per_step;
    const F bias(b);
    const auto load = [](const float* p) { return F::load_unaligned(p); };
    const auto widen_sum = [](const std::array<F, Sums::unroll>& partial) { return widen_half_sum<Arch>(pairwise_sum(partial)); };
    FewFeatureTotals<Arch, D, WithGradient> totals;

    for (std::size_t outer = 0; outer < full; outer += block) {
        const std::size_t outer_end = std::min(full, outer + block);
        V e_total(0.0), e2_total(0.0);
        std::array<V, D> xe_total = zeros<V, D>();
        for (std::size_t begin = outer; begin < outer_end; begin += float_block) {
            const std::size_t end = std::min(outer_end, begin + float_block);
            Sums partial;
            partial.add_block(data, begin, end, bias, w, load);
            if constexpr (Sums::squares_in_double)
                totals.squares.add(pairwise_sum(partial.e2));  // kFloatChain steps per lane, well inside kMaxChain
            else
                e2_total += widen_sum(partial.e2);
            if constexpr (WithGradient) {
                e_total += widen_sum(partial.e);
#pragma GCC unroll 16
                for (std::size_t j = 0; j < D; ++j) xe_total[j] += widen_sum(partial.xe[j]);
            }
        }
        if constexpr (!Sums::squares_in_double) totals.squares.add(e2_total);
        totals.add_linear(e_total, xe_total);
    }
    totals.fold_into(sums);
    scalar_accumulate(data.rows(full, data.n), b, w, WithGradient, sums);
}

// Two 256-bit double vectors as one 256-bit float vector (a template: only AVX code uses it).
template <class E>
__m256 eight_floats(const Doubles<E>& low, const Doubles<E>& high) {
    return _mm256_insertf128_ps(_mm256_castps128_ps256(_mm256_cvtpd_ps(low)), _mm256_cvtpd_ps(high), 1);
}

// The float vectors of Arch holding the values of H double vectors of E (rows in order): one
// rounding per value. E is Arch itself, or under AVX-512 the 256-bit set (see ErrorArch).
template <class Arch, class E, std::size_t H>
auto narrow(const std::array<Doubles<E>, H>& e) {
    using F = xsimd::batch<float, Arch>;
    constexpr std::size_t per_float = F::size / Doubles<E>::size;
    static_assert(H % per_float == 0, "whole float vectors");
    std::array<F, H / per_float> floats;
#pragma GCC unroll 8
    for (std::size_t p = 0; p < floats.size(); ++p) {
        const Doubles<E>* in = e.data() + p * per_float;
        if constexpr (std::is_base_of_v<xsimd::avx512f, Arch>) {
            static_assert(std::is_base_of_v<xsimd::avx, E>, "written for 256-bit doubles under AVX-512");
            floats[p] = _mm512_insertf32x8(_mm512_castps256_ps512(eight_floats<E>(in[0], in[1])), eight_floats<E>(in[2], in[3]), 1);
        } else if constexpr (std::is_base_of_v<xsimd::avx, Arch>) {
            floats[p] = eight_floats<E>(in[0], in[1]);
        } else {
            floats[p] = _mm_movelh_ps(_mm_cvtpd_ps(in[0]), _mm_cvtpd_ps(in[1]));
        }
    }
    return floats;
}

// Software prefetching for the loops that read d + 1 streams together, chosen by the size of
// the table (measured with d = 10 on this project's machine: variants of this loop in one
// process on the same data, medians of 9 rounds, Mrows/s):
//   - tables up to about twice the last-level cache read fastest with none: from L3 the
//     hardware prefetchers keep up, and asking for lines 8-32 KiB ahead cost f64 20-25% at
//     n = 2^16-2^19 (453 -> 330-360 at 2^16);
//   - beyond, asking for each stream 16 KiB ahead, into L2, took n = 2^24 from 169 to 240-255
//     (f64, about the rows read limit) and from 340 to 480-500 (f32) against no prefetch; 4 KiB
//     ahead (the previous loop) gave 170-180 (f64), 1 KiB ahead into L1 186 (f64) and 426 (f32).
// A prefetch never faults, past the end either (the address is formed as an integer: no
// out-of-range pointer arithmetic).
enum class Prefetch { none, far_ahead };

// `Bytes`: how much the caller reads from p in this step -- every cache line of it is asked for.
template <Prefetch P, std::size_t Bytes, class T>
[[gnu::always_inline]] inline void prefetch_ahead(const T* p) {
    if constexpr (P == Prefetch::far_ahead) {
        constexpr std::uintptr_t distance = 16384, line = 64;
        const std::uintptr_t ahead = reinterpret_cast<std::uintptr_t>(p) + distance;
        // Locality 1 is _MM_HINT_T2 (into L2). The builtin, not _mm_prefetch: inlined through
        // _mm_prefetch, GCC 12 dropped the prefetch from the kernels (kept it in the read probe).
#pragma GCC unroll 8
        for (std::uintptr_t offset = 0; offset < Bytes; offset += line)
            __builtin_prefetch(reinterpret_cast<const void*>(ahead + offset), 0, 1);
    }
}

// The table's bytes are measured by its column stride, so a thread's chunk of a large table
// counts as large.
template <class T>
Prefetch prefetch_for(const DatasetView<T>& data) {
    static const std::size_t last_level = [] {
        const CacheSizes sizes = cache_sizes();
        return sizes.l3 > 0 ? sizes.l3 : sizes.l2 > 0 ? sizes.l2 : std::size_t{32} << 20;
    }();
    const std::size_t table_bytes = (data.d + 1) * data.stride * sizeof(T);
    return table_bytes > 2 * last_level ? Prefetch::far_ahead : Prefetch::none;
}

// A zeroed scratch array of `count` vectors. It lives per thread and only grows (to the largest
// d seen), so epochs allocate nothing.
template <class B>
B* zeroed_scratch(std::size_t count) {
    thread_local std::vector<B> buffer;
    if (buffer.size() < count) buffer.resize(count);
    std::fill_n(buffer.begin(), count, B(0));
    return buffer.data();
}

// The errors e = b - y + sum_j w_j x_j of `Halves` double vectors of rows from row i. Double
// data: in double throughout. Float data: the products w_j x_j are summed in float, a group of
// kFloatColumns columns at a time, and each group's sum is widened and added in double -- one
// conversion per group instead of one per column, conversions being the costly part of this
// loop (see ErrorArch); the bound in agreement.cpp counts the group's float roundings.
template <class Arch, std::size_t Halves, Prefetch P, class T>
[[gnu::always_inline]] inline std::array<Doubles<Arch>, Halves> row_errors(const DatasetView<T>& data, std::size_t i, T b, const T* w) {
    using V = Doubles<Arch>;
    std::array<V, Halves> e;
    constexpr std::size_t bytes_per_stream = Halves * V::size * sizeof(T);
    prefetch_ahead<P, bytes_per_stream>(data.y + i);
#pragma GCC unroll 16
    for (std::size_t h = 0; h < Halves; ++h) e[h] = V(double{b}) - load_doubles<Arch>(data.y + i + h * V::size);
    if constexpr (std::is_same_v<T, float>) {
        using F = xsimd::batch<float, Arch>;
        for (std::size_t group = 0; group < data.d; group += kFloatColumns) {
            std::array<F, Halves / 2> partial = zeros<F, Halves / 2>();
            for (std::size_t j = group; j < std::min(data.d, group + kFloatColumns); ++j) {
                const float* xj = data.feature(j) + i;
                prefetch_ahead<P, bytes_per_stream>(xj);
                const F wj(w[j]);
#pragma GCC unroll 16
                for (std::size_t p = 0; p < Halves / 2; ++p) partial[p] = xsimd::fma(wj, F::load_unaligned(xj + p * F::size), partial[p]);
            }
#pragma GCC unroll 16
            for (std::size_t p = 0; p < Halves / 2; ++p) {
                const auto halves = widen<Arch>(partial[p]);
                e[2 * p] += halves[0];
                e[2 * p + 1] += halves[1];
            }
        }
    } else {
        for (std::size_t j = 0; j < data.d; ++j) {
            const T* xj = data.feature(j) + i;
            prefetch_ahead<P, bytes_per_stream>(xj);
            const V wj(w[j]);
#pragma GCC unroll 16
            for (std::size_t h = 0; h < Halves; ++h) e[h] = xsimd::fma(wj, V::load_unaligned(xj + h * V::size), e[h]);
        }
    }
    return e;
}

// The running sums of x_j e, one vector per feature (d is known only at run time, so they live
// in a scratch array, not in registers). add() takes one step of rows; fold_into() empties the
// sums of a block into the CompensatedSums.
template <class Arch, class T>
class FeatureProducts;

// One double vector of running sums per feature, emptied into the CompensatedSums per block.
template <class Arch>
struct FeatureLanes {
    explicit FeatureLanes(std::size_t features) : d(features), sums(zeroed_scratch<Doubles<Arch>>(features)) {}
    void fold_into(CompensatedSum* totals) {
        for (std::size_t j = 0; j < d; ++j) {
            fold(totals[j], xsimd::hadd(sums[j]));
            sums[j] = Doubles<Arch>(0.0);
        }
    }
    std::size_t d;
    Doubles<Arch>* sums;
};

// Double data: each lane adds H products per step, at most kMaxChain per block.
template <class Arch>
class FeatureProducts<Arch, double> {
public:
    using V = Doubles<Arch>;
    explicit FeatureProducts(std::size_t d) : lanes_(d) {}
    template <std::size_t H>
    void add(const DatasetView<double>& data, std::size_t i, const std::array<V, H>& e) {
        for (std::size_t j = 0; j < lanes_.d; ++j) {
            V sum = lanes_.sums[j];
#pragma GCC unroll 8
            for (std::size_t h = 0; h < H; ++h) sum = xsimd::fma(V::load_unaligned(data.feature(j) + i + h * V::size), e[h], sum);
            lanes_.sums[j] = sum;
        }
    }
    void fold_into(CompensatedSum* totals) { lanes_.fold_into(totals); }

private:
    FeatureLanes<Arch> lanes_;
};

// Float data: e (computed in double) is rounded to float once and the products are summed in
// float, twice the rows per instruction: with double products the loop was compute-bound (a
// prototype with d = 10 fixed at compile time: 65-82% of the read limit at 2^20-2^24, against
// 106-117% with float products). Each float sum takes kFloatChain products, then is carried
// into a double sum (widen_half_sum: 3-4% faster at d = 10 than two conversions).
template <class Arch>
class FeatureProducts<Arch, float> {
public:
    using F = xsimd::batch<float, Arch>;
    explicit FeatureProducts(std::size_t d) : float_sums_(zeroed_scratch<F>(d)), lanes_(d) {}
    template <class E, std::size_t H>
    void add(const DatasetView<float>& data, std::size_t i, const std::array<Doubles<E>, H>& e) {
        const auto e_float = narrow<Arch, E>(e);
        for (std::size_t j = 0; j < lanes_.d; ++j) {
            F sum = float_sums_[j];
#pragma GCC unroll 8
            for (std::size_t p = 0; p < e_float.size(); ++p)
                sum = xsimd::fma(F::load_unaligned(data.feature(j) + i + p * F::size), e_float[p], sum);
            float_sums_[j] = sum;
        }
        static_assert(kFloatChain % e_float.size() == 0, "a carry after exactly kFloatChain products");
        float_products_ += e_float.size();
        if (float_products_ == kFloatChain) carry();
    }
    void fold_into(CompensatedSum* totals) {
        if (float_products_ > 0) carry();
        lanes_.fold_into(totals);
    }

private:
    void carry() {
        for (std::size_t j = 0; j < lanes_.d; ++j) {
            lanes_.sums[j] += widen_half_sum<Arch>(float_sums_[j]);
            float_sums_[j] = F(0.0f);
        }
        float_products_ = 0;
    }
    F* float_sums_;
    FeatureLanes<Arch> lanes_;
    std::size_t float_products_ = 0;
};

// The instruction set the d > 1 loop computes e with. Under AVX-512, float data is widened to
// double with 256-bit instructions: on this project's Zen 4 a 512-bit vcvtps2pd took 2.2
// cycles (8 values) against 0.65 for the 256-bit one (4 values), measured in a loop that only
// computes e. The library's mse pass (d = 10, n = 4096, in L2) went from 3.8 to 2.7 cycles a
// row, 2.4 with the column groups of row_errors. The products x_j e stay in 512-bit floats:
// with 256-bit ones the whole pass was 10% slower.
template <class Arch, class T>
using ErrorArch = std::conditional_t<std::is_same_v<T, float> && std::is_base_of_v<xsimd::avx512f, Arch>,
                                     xsimd::fma3<xsimd::avx2>, Arch>;

// Vectors of T per step of the d > 1 loop. Each vector of e is a chain of dependent FMAs, one
// per column; from cache, more chains side by side ran faster (d = 10, n = 4096, Mrows/s of
// loss and gradient): f32 1 -> 2 vectors 774 -> 885, f64 1 -> 2 -> 4 vectors 555 -> 733 ->
// 825. From memory (far prefetch, n = 2^24) the wide steps lost 5-10% to one vector (one cache
// line per stream per step), which matched the one-vector loop that came before.
template <class T, Prefetch P>
inline constexpr std::size_t kStepVectors = P == Prefetch::far_ahead ? 1 : std::is_same_v<T, float> ? 2 : 4;

// Any d, one pass: each step of rows computes its errors from all the columns, then adds the
// products x_j e while those rows are still in L1. It runs double data from d = 2, and float
// data where the register loops do not (d > 12, or without AVX-512); the d = 10 figures in the
// comments of its parts were measured while it also ran float d = 10 under AVX-512.
template <class Arch, class T, bool WithGradient, Prefetch P>
void simd_accumulate_features(const DatasetView<T>& data, T b, const T* w, CompensatedSum* sums) {
    using E = ErrorArch<Arch, T>;
    using V = Doubles<E>;
    constexpr std::size_t step = kStepVectors<T, P> * xsimd::batch<T, Arch>::size;
    constexpr std::size_t halves = step / V::size;
    // Each lane of the double product sums takes kStepVectors products per step (double data;
    // float data carries after kFloatChain), the e sums one: at most kMaxChain per block.
    constexpr std::size_t block = kMaxChain / kStepVectors<T, P> * step;
    const std::size_t full = data.n - data.n % step;
    FeatureProducts<Arch, T> products(WithGradient ? data.d : 0);
    CompensatedLanes<E> errors, squares;

    for (std::size_t begin = 0; begin < full; begin += block) {
        const std::size_t end = std::min(full, begin + block);
        std::array<V, halves> e_sum = zeros<V, halves>(), e2_sum = zeros<V, halves>();
        for (std::size_t i = begin; i < end; i += step) {
            const auto e = row_errors<E, halves, P>(data, i, b, w);
#pragma GCC unroll 16
            for (std::size_t h = 0; h < halves; ++h) {
                e2_sum[h] = xsimd::fma(e[h], e[h], e2_sum[h]);
                if constexpr (WithGradient) e_sum[h] += e[h];
            }
            if constexpr (WithGradient) products.add(data, i, e);
        }
        squares.add(pairwise_sum(e2_sum));
        if constexpr (WithGradient) {
            errors.add(pairwise_sum(e_sum));
            products.fold_into(sums + kFirstFeatureSum);
        }
    }
    squares.fold_into(sums[kSumOfSquares]);
    if constexpr (WithGradient) errors.fold_into(sums[kSumOfErrors]);
    scalar_accumulate(data.rows(full, data.n), b, w, WithGradient, sums);
}

template <class T>
using AccumulateRows = void (*)(const DatasetView<T>& data, T b, const T* w, CompensatedSum* sums);

// The loop for each d from 1 to sizeof...(D), indexed by d - 1.
template <class Arch, class T, bool WithGradient, std::size_t... D>
constexpr std::array<AccumulateRows<T>, sizeof...(D)> few_features_table(std::index_sequence<D...>) {
    return {&simd_accumulate_few_features<Arch, D + 1, WithGradient>...};
}

// The most columns simd_accumulate_few_features keeps in registers: a step holds d columns, d
// product sums and about six more vectors (e, its two sums, b, temporaries), which AVX-512's
// 32 registers hold up to kMaxRegisterFeatures; with 16, d = 1 alone. Double data takes the
// any-d loop from d = 2: with this set to kMaxRegisterFeatures for double too, the register
// loop for double ran at 0.93-0.98x of it at d = 4, 8, 10 and 12 in L2 (`descent bench --dtype
// f64 --impl simd --min-n 4096 --max-n 4096`, one run each; 1.2x at d = 2, 1.04x at d = 3),
// where that loop keeps four vectors of rows in flight.
template <class Arch, class T>
inline constexpr std::size_t kRegisterFeatures =
    std::is_same_v<T, float> && std::is_base_of_v<xsimd::avx512f, Arch> ? kMaxRegisterFeatures : 1;

template <class Arch, class T>
void simd_accumulate(const DatasetView<T>& data, T b, const T* w, bool with_gradient, CompensatedSum* sums) {
    if (data.d <= kRegisterFeatures<Arch, T>) {
        constexpr auto features = std::make_index_sequence<kRegisterFeatures<Arch, T>>();
        static constexpr auto with = few_features_table<Arch, T, true>(features);
        static constexpr auto without = few_features_table<Arch, T, false>(features);
        (with_gradient ? with : without)[data.d - 1](data, b, w, sums);
        return;
    }
    const bool far = prefetch_for(data) == Prefetch::far_ahead;
    if (with_gradient && far)
        simd_accumulate_features<Arch, T, true, Prefetch::far_ahead>(data, b, w, sums);
    else if (with_gradient)
        simd_accumulate_features<Arch, T, true, Prefetch::none>(data, b, w, sums);
    else if (far)
        simd_accumulate_features<Arch, T, false, Prefetch::far_ahead>(data, b, w, sums);
    else
        simd_accumulate_features<Arch, T, false, Prefetch::none>(data, b, w, sums);
}

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
// do not prefetch: at d = 10, f32, a prefetch 16 KiB ahead made a prototype of them 16-19%
// slower at 2^20 and 2^22, and no faster at 2^24.)
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

// The compiler is meant to put vzeroupper at every exit of AVX code, but leaves some paths of
// these kernels without it; with the upper halves of the vector registers still set, the SSE
// code that runs next (scalar, omp, simd_sse2: other translation units) ran 2-3x slower on
// this machine (measured: scalar 10 -> 24 us per epoch at n = 4096 after one simd_avx2 call).
template <class Arch>
inline void leave_clean_upper_state() {
    if constexpr (std::is_base_of_v<xsimd::avx, Arch> || std::is_base_of_v<xsimd::avx512f, Arch>) _mm256_zeroupper();
}

// The entry points of the table: each kernel, then a clean exit.
template <class Arch, class T>
void predict_entry(const DatasetView<T>& data, T b, const T* w, T* out) {
    simd_predict<Arch, T>(data, b, w, out);
    leave_clean_upper_state<Arch>();
}
template <class Arch, class T>
void accumulate_entry(const DatasetView<T>& data, T b, const T* w, bool with_gradient, CompensatedSum* sums) {
    simd_accumulate<Arch, T>(data, b, w, with_gradient, sums);
    leave_clean_upper_state<Arch>();
}
template <class Arch, class T>
double read_sum_entry(const T* p, std::size_t n) {
    const double sum = simd_read_sum<Arch, T>(p, n);
    leave_clean_upper_state<Arch>();
    return sum;
}
template <class Arch, class T>
double read_rows_entry(const DatasetView<T>& data) {
    const double sum = prefetch_for(data) == Prefetch::far_ahead ? simd_read_rows<Arch, T, Prefetch::far_ahead>(data)
                                                                 : simd_read_rows<Arch, T, Prefetch::none>(data);
    leave_clean_upper_state<Arch>();
    return sum;
}

template <class Arch>
SimdKernels make_simd_kernels() {
    return {{{&predict_entry<Arch, float>, &accumulate_entry<Arch, float>},
             {&predict_entry<Arch, double>, &accumulate_entry<Arch, double>}},
            &read_sum_entry<Arch, float>,
            &read_sum_entry<Arch, double>,
            &read_rows_entry<Arch, float>,
            &read_rows_entry<Arch, double>};
}

}  // namespace
}  // namespace descent::detail
