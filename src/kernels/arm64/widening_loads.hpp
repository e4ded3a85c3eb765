// 16-bit storage (bf16, f16) loaded into NEON float and double vectors, exactly: bf16 is a
// float's upper half (a widening shift), f16 has its own conversion. A load is two steps, the
// raw words into a register (Words), then their widening, so the compute roof can widen words
// held in registers with the same instructions. What lets the SIMD loops compute 16-bit data as
// the float table of its values.
#pragma once

#include <arm_neon.h>

#include <cstdint>
#include <type_traits>
#include <xsimd/xsimd.hpp>

#include "descent/storage16.hpp"

namespace descent::detail {
namespace {

// The four words of one float vector.
template <class Arch, class S>
using Words = uint16x4_t;

template <class Arch, class S>
[[gnu::always_inline]] inline Words<Arch, S> load_words(const std::uint16_t* p) {
    return vld1_u16(p);
}
template <class Arch, class S>
[[gnu::always_inline]] inline Words<Arch, S> broadcast_words(std::uint16_t bits) {
    return vdup_n_u16(bits);
}

// Makes the compiler take the words as unknown from here on, at no cost (the compute roof's rows).
template <class W>
[[gnu::always_inline]] inline void hide_words(W& words) {
    asm volatile("" : "+w"(words));
}

template <class S>
[[gnu::always_inline]] inline float32x4_t widen_four(uint16x4_t w) {
    if constexpr (std::is_same_v<S, bf16>)
        return vreinterpretq_f32_u32(vshll_n_u16(w, 16));
    else
        return vcvt_f32_f16(vreinterpret_f16_u16(w));
}

template <class Arch, class S>
[[gnu::always_inline]] inline xsimd::batch<float, Arch> widen_words(Words<Arch, S> w) {
    return widen_four<S>(w);
}

// A double vector (two values) from 16-bit values, read as a 32-bit word.
template <class Arch, class S>
    requires is_storage16<S>
[[gnu::always_inline]] inline xsimd::batch<double, Arch> load_doubles(const S* p) {
    std::uint32_t pair;
    __builtin_memcpy(&pair, p, sizeof pair);
    return vcvt_f64_f32(vget_low_f32(widen_four<S>(vreinterpret_u16_u32(vdup_n_u32(pair)))));
}

}  // namespace
}  // namespace descent::detail
