// The helpers of the architecture family being compiled: each family's header gives the same
// names (load_doubles and store_doubles for float; Words, load_words, broadcast_words,
// hide_words, widen_words and load_doubles for 16-bit storage; widen, widen_half_sum, narrow,
// ErrorArch, kRegisterFeatures, pin_in_register, hide_from_compiler, leave_clean_upper_state)
// for its xsimd archs.
#pragma once

#if defined(__x86_64__) || defined(_M_X64)
#include "../x86/simd_helpers.hpp"
#elif defined(__aarch64__)
#include "../arm64/simd_helpers.hpp"
#else
#error "no SIMD kernels for this processor: CMake builds the portable table alone here"
#endif
