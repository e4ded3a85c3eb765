// 16-bit storage (bf16, f16) loaded into NEON float and double vectors, exactly: bf16 is a
// float's upper half (a widening shift), f16 has its own conversion. What lets the SIMD loops
// compute 16-bit data as the float table of its values.
#pragma once

#include <arm_neon.h>

#include <xsimd/xsimd.hpp>

#include "descent/storage16.hpp"

namespace descent::detail {
namespace {

inline float32x4_t four_floats_from(const bf16* p) {
    return vreinterpretq_f32_u32(vshll_n_u16(vld1_u16(&p->bits), 16));
}
inline float32x4_t four_floats_from(const f16* p) { return vcvt_f32_f16(vreinterpret_f16_u16(vld1_u16(&p->bits))); }

// A float vector from 16-bit values.
template <class Arch, class S>
    requires is_storage16<S>
[[gnu::always_inline]] inline xsimd::batch<float, Arch> load_floats(const S* p) {
    return four_floats_from(p);
}

// A double vector (two values) from 16-bit values.
template <class Arch, class S>
    requires is_storage16<S>
[[gnu::always_inline]] inline xsimd::batch<double, Arch> load_doubles(const S* p) {
    S four[4] = {p[0], p[1], S{}, S{}};
    return vcvt_f64_f32(vget_low_f32(four_floats_from(four)));
}

}  // namespace
}  // namespace descent::detail
