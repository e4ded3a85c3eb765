// 16-bit storage (bf16, f16) loaded into float and double vectors, exactly, for SSE2, AVX2 and
// AVX-512: what lets the SIMD loops compute 16-bit data as the float table of its values. bf16
// is a float's upper half, so widening is a zero extension and a shift. f16 has F16C's
// vcvtph2ps (required with AVX2: x86/cpu_features.cpp); SSE2 alone widens it with integer
// operations, Giesen's half_to_float as storage16.hpp writes it, lane by lane. (AVX512_BF16 and
// AVX512_FP16 add arithmetic on 16-bit values, which rounds where the float scheme does not;
// widening needs none of it.)
#pragma once

#include <immintrin.h>

#include <type_traits>
#include <xsimd/xsimd.hpp>

#include "descent/storage16.hpp"

namespace descent::detail {
namespace {

// Four 16-bit values, zero-extended into the four 32-bit lanes.
inline __m128i four_words(const std::uint16_t* p) {
    return _mm_unpacklo_epi16(_mm_loadl_epi64(reinterpret_cast<const __m128i*>(p)), _mm_setzero_si128());
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

// Four values from p.
inline __m128 four_floats_from(const bf16* p) {
    return _mm_castsi128_ps(_mm_slli_epi32(four_words(&p->bits), 16));
}
inline __m128 four_floats_from(const f16* p) {
#ifdef __F16C__
    return _mm_cvtph_ps(_mm_loadl_epi64(reinterpret_cast<const __m128i*>(p)));
#else
    return halves_to_floats_sse2(four_words(&p->bits));
#endif
}

// Two values from p, in the low lanes (the upper two are zero).
template <class S>
__m128 two_floats_from(const S* p) {
    S pair[4] = {p[0], p[1], S{}, S{}};
    return four_floats_from(pair);
}

#ifdef __AVX2__
inline __m256 eight_floats_from(const bf16* p) {
    return _mm256_castsi256_ps(_mm256_slli_epi32(_mm256_cvtepu16_epi32(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p))), 16));
}
inline __m256 eight_floats_from(const f16* p) { return _mm256_cvtph_ps(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p))); }
#endif

#ifdef __AVX512F__
inline __m512 sixteen_floats_from(const bf16* p) {
    return _mm512_castsi512_ps(_mm512_slli_epi32(_mm512_cvtepu16_epi32(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(p))), 16));
}
inline __m512 sixteen_floats_from(const f16* p) { return _mm512_cvtph_ps(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(p))); }
#endif

// A float vector of Arch from 16-bit values.
template <class Arch, class S>
    requires is_storage16<S>
[[gnu::always_inline]] inline xsimd::batch<float, Arch> load_floats(const S* p) {
    if constexpr (std::is_base_of_v<xsimd::avx512f, Arch>)
        return sixteen_floats_from(p);
    else if constexpr (std::is_base_of_v<xsimd::avx, Arch>)
        return eight_floats_from(p);
    else
        return four_floats_from(p);
}

// A double vector of Arch from 16-bit values.
template <class Arch, class S>
    requires is_storage16<S>
[[gnu::always_inline]] inline xsimd::batch<double, Arch> load_doubles(const S* p) {
    if constexpr (std::is_base_of_v<xsimd::avx512f, Arch>)
        return _mm512_cvtps_pd(eight_floats_from(p));
    else if constexpr (std::is_base_of_v<xsimd::avx, Arch>)
        return _mm256_cvtps_pd(four_floats_from(p));
    else
        return _mm_cvtps_pd(two_floats_from(p));
}

}  // namespace
}  // namespace descent::detail
