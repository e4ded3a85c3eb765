// The x86 helpers of the SIMD loops (SSE2, AVX2, AVX-512): the places where xsimd 8.1 is
// missing an operation or does it through memory. Every function is a template over the xsimd
// arch, so each per-ISA translation unit compiles only its own branch.
#pragma once

#include <immintrin.h>

#include <array>
#include <cstddef>
#include <type_traits>

#include "../row_kernels.hpp"
#include "../simd/vectors.hpp"
#include "widening_loads.hpp"

namespace descent::detail {
namespace {

// xsimd 8.1 converts float to double element by element through memory; these are the
// single-instruction widenings for each register width.
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
void store_doubles(const Doubles<Arch>& v, float* p) {
    if constexpr (std::is_base_of_v<xsimd::avx512f, Arch>)
        _mm256_storeu_ps(p, _mm512_cvtpd_ps(v));
    else if constexpr (std::is_base_of_v<xsimd::avx, Arch>)
        _mm_storeu_ps(p, _mm256_cvtpd_ps(v));
    else
        _mm_storel_epi64(reinterpret_cast<__m128i*>(p), _mm_castps_si128(_mm_cvtpd_ps(v)));
}

// Float rows as two double vectors (low half, high half): exact.
template <class Arch>
[[gnu::always_inline]] inline std::array<Doubles<Arch>, 2> widen(const xsimd::batch<float, Arch>& v) {
    if constexpr (std::is_base_of_v<xsimd::avx512f, Arch>)
        return {_mm512_cvtps_pd(_mm512_castps512_ps256(v)), _mm512_cvtps_pd(_mm512_extractf32x8_ps(v, 1))};
    else if constexpr (std::is_base_of_v<xsimd::avx, Arch>)
        return {_mm256_cvtps_pd(_mm256_castps256_ps128(v)), _mm256_cvtps_pd(_mm256_extractf128_ps(v, 1))};
    else
        return {_mm_cvtps_pd(v), _mm_cvtps_pd(_mm_movehl_ps(v, v))};
}

// The two halves of a float vector added in float, then widened: one conversion instead of
// the two of widen(), at the cost of one float rounding (counted in agreement.cpp); a 512-bit
// vcvtps2pd is slow on Zen 4 (5% of an f32 d = 1 epoch of 4096 rows).
template <class Arch>
[[gnu::always_inline]] inline Doubles<Arch> widen_half_sum(const xsimd::batch<float, Arch>& v) {
    if constexpr (std::is_base_of_v<xsimd::avx512f, Arch>)
        return _mm512_cvtps_pd(_mm256_add_ps(_mm512_castps512_ps256(v), _mm512_extractf32x8_ps(v, 1)));
    else if constexpr (std::is_base_of_v<xsimd::avx, Arch>)
        return _mm256_cvtps_pd(_mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1)));
    else
        return _mm_cvtps_pd(_mm_add_ps(v, _mm_movehl_ps(v, v)));
}

// Two 256-bit double vectors as one 256-bit float vector (a template: only AVX code uses it).
template <class E>
__m256 eight_floats(const Doubles<E>& low, const Doubles<E>& high) {
    return _mm256_insertf128_ps(_mm256_castps128_ps256(_mm256_cvtpd_ps(low)), _mm256_cvtpd_ps(high), 1);
}

// The float vectors of Arch holding the values of H double vectors of E (rows in order): one
// rounding per value. E is Arch itself, or under AVX-512 the 256-bit set (see ErrorArch).
template <class Arch, class E, std::size_t H>
[[gnu::always_inline]] inline auto narrow(const std::array<Doubles<E>, H>& e) {
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

// The instruction set the d > 1 loop computes e with. Under AVX-512, float data is widened to
// double with 256-bit instructions, which convert several times faster per value on Zen 4
// (the d = 10 mse pass in L2: 3.8 -> 2.7 cycles a row); the products x_j e stay in 512-bit
// floats.
template <class Arch, class T>
using ErrorArch = std::conditional_t<std::is_same_v<T, float> && std::is_base_of_v<xsimd::avx512f, Arch>,
                                     xsimd::fma3<xsimd::avx2>, Arch>;

// The most columns simd_accumulate_few_features keeps in registers: a step holds d columns, d
// product sums and about six more vectors (e, its two sums, b, temporaries), which AVX-512's
// 32 registers hold up to kMaxRegisterFeatures; with 16, d = 1 alone. Double data takes the
// any-d loop from d = 2, which keeps four vectors of rows in flight: a register loop for
// double ran at 0.93-0.98x of it from d = 4.
template <class Arch, class T>
inline constexpr std::size_t kRegisterFeatures =
    std::is_same_v<T, float> && std::is_base_of_v<xsimd::avx512f, Arch> ? kMaxRegisterFeatures : 1;

// Keeps x in a register under AVX-512: GCC otherwise reads it from memory again for each FMA
// that uses it, and loads bound the register loops in L1/L2 (f32 d = 1 at 2^16: 90% -> 99% of
// the plain sum). With the 16 registers of SSE2 and AVX2 the pin forced spills, so there it
// does nothing.
template <class B>
[[gnu::always_inline]] inline void pin_in_register(B& x) {
    if constexpr (std::is_base_of_v<xsimd::avx512f, typename B::arch_type>) asm("" : "+v"(x.data));
}

// Makes the compiler take x as unknown from here on, at no cost: no instruction is emitted, but
// nothing computed from x can be hoisted out of a loop or folded (the compute roof's rows).
template <class B>
[[gnu::always_inline]] inline void hide_from_compiler(B& x) {
    asm volatile("" : "+v"(x.data));
}

// The side of the tiles of pairs the statistics' loop keeps in registers (statistics_loop.hpp):
// AVX-512's 32 registers hold a 4 x 4 tile of sums and the 8 vectors that feed it; 16 registers a 2 x 2 one.
template <class Arch>
inline constexpr std::size_t kStatisticsTile = std::is_base_of_v<xsimd::avx512f, Arch> ? 4 : 2;

// The compiler is meant to put vzeroupper at every exit of AVX code, but leaves some paths of
// these kernels without it; with the upper halves of the vector registers still set, the SSE
// code that runs next (scalar, omp, simd_sse2: other translation units) ran 2-3x slower on
// this machine (measured: scalar 10 -> 24 us per epoch at n = 4096 after one simd_avx2 call).
template <class Arch>
inline void leave_clean_upper_state() {
    if constexpr (std::is_base_of_v<xsimd::avx, Arch> || std::is_base_of_v<xsimd::avx512f, Arch>) _mm256_zeroupper();
}

}  // namespace
}  // namespace descent::detail
