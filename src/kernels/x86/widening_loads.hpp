// 16-bit storage (bf16, f16) loaded into float and double vectors, exactly, for SSE2, AVX2 and
// AVX-512: what lets the SIMD loops compute 16-bit data as the float table of its values. A
// load is two steps, the raw 16-bit words into a register (Words), then their widening, so the
// compute roof can widen words held in registers with the same instructions. bf16 is a float's
// upper half, so widening is a zero extension and a shift (under AVX2, one byte shuffle). f16
// has F16C's vcvtph2ps (required with AVX2: x86/cpu_features.cpp); SSE2 alone widens it with
// integer operations, Giesen's half_to_float as storage16.hpp writes it, lane by lane.
// (AVX512_BF16 and AVX512_FP16 add arithmetic on 16-bit values, which rounds where the float
// scheme does not; widening needs none of it.)
#pragma once

#include <immintrin.h>

#include <cstdint>
#include <type_traits>
#include <xsimd/xsimd.hpp>

#include "descent/storage16.hpp"

namespace descent::detail {
namespace {

// bf16 under AVX2 holds its 8 words twice, in both 128-bit lanes: a broadcast from memory is a
// plain load, and one in-lane byte shuffle then widens them (widen_eight_bf16).
template <class Arch, class S>
inline constexpr bool kWordsInBothLanes =
    std::is_base_of_v<xsimd::avx2, Arch> && !std::is_base_of_v<xsimd::avx512f, Arch> && std::is_same_v<S, bf16>;

// The words of one float vector of Arch: 16 (AVX-512), 8 (AVX2), 4 (SSE2, in the low half);
// in a 256-bit register or a 128-bit one. Chosen by specialization: as an argument of
// std::conditional or std::is_same the vector types lose their attributes (GCC warns).
template <class Arch, class S>
inline constexpr bool kWideWords = std::is_base_of_v<xsimd::avx512f, Arch> || kWordsInBothLanes<Arch, S>;
template <class Arch, class S, bool = kWideWords<Arch, S>>
struct WordsOf {
    using type = __m128i;
};
template <class Arch, class S>
struct WordsOf<Arch, S, true> {
    using type = __m256i;
};
template <class Arch, class S>
using Words = typename WordsOf<Arch, S>::type;

template <class Arch, class S>
[[gnu::always_inline]] inline Words<Arch, S> load_words(const std::uint16_t* p) {
    if constexpr (std::is_base_of_v<xsimd::avx512f, Arch>)
        return _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p));
    else if constexpr (kWordsInBothLanes<Arch, S>)
        return _mm256_broadcastsi128_si256(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p)));
    else if constexpr (std::is_base_of_v<xsimd::avx, Arch>)
        return _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    else
        return _mm_loadl_epi64(reinterpret_cast<const __m128i*>(p));
}

// Words holding `bits` in every lane.
template <class Arch, class S>
[[gnu::always_inline]] inline Words<Arch, S> broadcast_words(std::uint16_t bits) {
    if constexpr (kWideWords<Arch, S>)
        return _mm256_set1_epi16(static_cast<short>(bits));
    else
        return _mm_set1_epi16(static_cast<short>(bits));
}

// Makes the compiler take the words as unknown from here on, at no cost (the compute roof's rows).
template <class W>
[[gnu::always_inline]] inline void hide_words(W& words) {
    asm volatile("" : "+v"(words));
}

// Half to float in 32-bit lanes holding the half's bits, with SSE2 integer operations.
inline __m128 halves_to_floats_sse2(__m128i h) {
    const __m128i exponent_mask = _mm_set1_epi32(0x7c00 << 13);
    const __m128i sign = _mm_slli_epi32(_mm_and_si128(h, _mm_set1_epi32(0x8000)), 16);
    __m128i x = _mm_slli_epi32(_mm_and_si128(h, _mm_set1_epi32(0x7fff)), 13);
    const __m128i exponent = _mm_and_si128(x, exponent_mask);
    x = _mm_add_epi32(x, _mm_set1_epi32((127 - 15) << 23));
    // Infinities and NaNs: float's largest exponent.
    x = _mm_add_epi32(x, _mm_and_si128(_mm_cmpeq_epi32(exponent, exponent_mask), _mm_set1_epi32((128 - 16) << 23)));
    // Zeros and subnormals: normalized by one exact float subtraction.
    const __m128i tiny = _mm_cmpeq_epi32(exponent, _mm_setzero_si128());
    const __m128 normalized = _mm_sub_ps(_mm_castsi128_ps(_mm_add_epi32(x, _mm_set1_epi32(1 << 23))),
                                         _mm_castsi128_ps(_mm_set1_epi32(113 << 23)));
    x = _mm_or_si128(_mm_and_si128(tiny, _mm_castps_si128(normalized)), _mm_andnot_si128(tiny, x));
    return _mm_castsi128_ps(_mm_or_si128(x, sign));
}

// The four words in the low half of w as four floats.
template <class S>
[[gnu::always_inline]] inline __m128 widen_four(__m128i w) {
    if constexpr (std::is_same_v<S, bf16>) {
        return _mm_castsi128_ps(_mm_unpacklo_epi16(_mm_setzero_si128(), w));
    } else {
#ifdef __F16C__
        return _mm_cvtph_ps(w);
#else
        return halves_to_floats_sse2(_mm_unpacklo_epi16(w, _mm_setzero_si128()));
#endif
    }
}

#ifdef __AVX2__
// bf16's eight words in both lanes: words 0-3 (low lane) and 4-7 (high lane) shuffled into the
// upper halves of their 32-bit lanes, zeros below. A zero extension and a shift took two
// instructions on the same pipes.
[[gnu::always_inline]] inline __m256 widen_eight_bf16(__m256i w) {
    const __m256i to_upper_halves = _mm256_setr_epi8(-1, -1, 0, 1, -1, -1, 2, 3, -1, -1, 4, 5, -1, -1, 6, 7,  //
                                                     -1, -1, 8, 9, -1, -1, 10, 11, -1, -1, 12, 13, -1, -1, 14, 15);
    return _mm256_castsi256_ps(_mm256_shuffle_epi8(w, to_upper_halves));
}

template <class S>
[[gnu::always_inline]] inline __m256 widen_eight(__m128i w) {
    if constexpr (std::is_same_v<S, bf16>)
        return _mm256_castsi256_ps(_mm256_slli_epi32(_mm256_cvtepu16_epi32(w), 16));
    else
        return _mm256_cvtph_ps(w);
}
#endif

#ifdef __AVX512F__
// bf16 by one word permutation (AVX512BW): word i to the upper half of lane i, the lower halves
// zeroed by the mask. A zero extension and a shift took two instructions, the shift on Intel
// an FMA port's slot.
template <class S>
[[gnu::always_inline]] inline __m512 widen_sixteen(__m256i w) {
    if constexpr (std::is_same_v<S, bf16>) {
        const __m512i to_upper_halves = _mm512_set_epi16(15, 0, 14, 0, 13, 0, 12, 0, 11, 0, 10, 0, 9, 0, 8, 0,  //
                                                         7, 0, 6, 0, 5, 0, 4, 0, 3, 0, 2, 0, 1, 0, 0, 0);
        constexpr __mmask32 upper_halves = 0xaaaaaaaa;
        return _mm512_castsi512_ps(_mm512_maskz_permutexvar_epi16(upper_halves, to_upper_halves, _mm512_castsi256_si512(w)));
    } else {
        return _mm512_cvtph_ps(w);
    }
}
#endif

// The float vector of Arch from its words.
template <class Arch, class S>
[[gnu::always_inline]] inline xsimd::batch<float, Arch> widen_words(Words<Arch, S> w) {
    if constexpr (std::is_base_of_v<xsimd::avx512f, Arch>)
        return widen_sixteen<S>(w);
    else if constexpr (kWordsInBothLanes<Arch, S>)
        return widen_eight_bf16(w);
    else if constexpr (std::is_base_of_v<xsimd::avx, Arch>)
        return widen_eight<S>(w);
    else
        return widen_four<S>(w);
}

// A double vector of Arch from 16-bit values (SSE2: two, read as a 32-bit word).
template <class Arch, class S>
    requires is_storage16<S>
[[gnu::always_inline]] inline xsimd::batch<double, Arch> load_doubles(const S* p) {
    if constexpr (std::is_base_of_v<xsimd::avx512f, Arch>) {
        return _mm512_cvtps_pd(widen_eight<S>(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p))));
    } else if constexpr (std::is_base_of_v<xsimd::avx, Arch>) {
        return _mm256_cvtps_pd(widen_four<S>(_mm_loadl_epi64(reinterpret_cast<const __m128i*>(p))));
    } else {
        std::int32_t pair;
        __builtin_memcpy(&pair, p, sizeof pair);
        return _mm_cvtps_pd(widen_four<S>(_mm_cvtsi32_si128(pair)));
    }
}

}  // namespace
}  // namespace descent::detail
