// The aarch64 helpers of the SIMD loops (NEON, xsimd's neon64): the same names as
// x86/simd_helpers.hpp, each a single NEON instruction or two. Not measured on ARM hardware
// (only under qemu): the choices that are tuning (kRegisterFeatures) follow the 128-bit SSE2
// path rather than a guess.
#pragma once

#include <arm_neon.h>

#include <array>
#include <cstddef>

#include "../row_kernels.hpp"
#include "../simd/vectors.hpp"
#include "widening_loads.hpp"

namespace descent::detail {
namespace {

// Float rows widened to double on load (exact), and narrowed on store (one rounding).
template <class Arch>
Doubles<Arch> load_doubles(const float* p) {
    return vcvt_f64_f32(vld1_f32(p));
}
template <class Arch>
void store_doubles(const Doubles<Arch>& v, float* p) {
    vst1_f32(p, vcvt_f32_f64(v));
}

// Float rows as two double vectors (low half, high half): exact.
template <class Arch>
[[gnu::always_inline]] inline std::array<Doubles<Arch>, 2> widen(const xsimd::batch<float, Arch>& v) {
    const float32x4_t values = v;
    return {vcvt_f64_f32(vget_low_f32(values)), vcvt_high_f64_f32(values)};
}

// The two halves added in float, then widened: one float rounding, as on x86 (agreement.cpp).
template <class Arch>
[[gnu::always_inline]] inline Doubles<Arch> widen_half_sum(const xsimd::batch<float, Arch>& v) {
    const float32x4_t values = v;
    return vcvt_f64_f32(vadd_f32(vget_low_f32(values), vget_high_f32(values)));
}

// The float vectors holding the values of H double vectors (rows in order): one rounding each.
template <class Arch, class E, std::size_t H>
[[gnu::always_inline]] inline auto narrow(const std::array<Doubles<E>, H>& e) {
    static_assert(H % 2 == 0, "whole float vectors");
    std::array<xsimd::batch<float, Arch>, H / 2> floats;
#pragma GCC unroll 8
    for (std::size_t p = 0; p < floats.size(); ++p) floats[p] = vcvt_high_f32_f64(vcvt_f32_f64(e[2 * p]), e[2 * p + 1]);
    return floats;
}

// e in the loops' own arch: NEON has one vector width.
template <class Arch, class T>
using ErrorArch = Arch;

// Columns kept in registers: d = 1, as for the other 128-bit path.
template <class Arch, class T>
inline constexpr std::size_t kRegisterFeatures = 1;

template <class B>
[[gnu::always_inline]] inline void pin_in_register(B&) {}

// Makes the compiler take x as unknown from here on, at no cost (the compute roof's rows).
template <class B>
[[gnu::always_inline]] inline void hide_from_compiler(B& x) {
    asm volatile("" : "+w"(x.data));
}

// The side of the tiles of pairs the statistics' loop keeps in registers (statistics_loop.hpp):
// NEON's 32 registers hold a 4 x 4 tile of sums and the 8 vectors that feed it.
template <class Arch>
inline constexpr std::size_t kStatisticsTile = 4;

template <class Arch>
inline void leave_clean_upper_state() {}

}  // namespace
}  // namespace descent::detail
