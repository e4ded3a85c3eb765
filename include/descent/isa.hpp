// Which SIMD instruction set the `simd` implementation runs, and how a user caps it.
#pragma once

#include <optional>
#include <span>
#include <string_view>

#include "descent/export.h"

namespace descent {

// Each processor family's levels in increasing order: a level's kernels run on every CPU that
// has a higher one of the same family. portable: plain loops, for processors descent has no
// SIMD kernels for.
enum class Isa { portable, sse2, avx2, avx512, neon };

// "portable", "sse2", "avx2", "avx512", "neon".
DESCENT_API std::string_view to_string(Isa isa);
// The levels this build has kernels for, in increasing order: sse2 avx2 avx512 on x86-64
// (avx2 with FMA; avx512 is F, CD, DQ, BW and VL), neon on aarch64, portable elsewhere.
DESCENT_API std::span<const Isa> built_isas();
// One of built_isas() by name; anything else throws std::invalid_argument listing them.
DESCENT_API Isa parse_isa(std::string_view name);

// The best built level this CPU can run, the operating system included (on x86, AVX state
// that the OS does not save rules AVX out, whatever CPUID says).
DESCENT_API Isa cpu_isa();
// DESCENT_MAX_ISA, if set. Throws std::invalid_argument on a name this build does not have.
DESCENT_API std::optional<Isa> isa_cap_from_environment();
// The level `simd` dispatches to: the CPU's best, lowered to the cap if one is given.
DESCENT_API Isa dispatch_isa(Isa cpu, std::optional<Isa> cap);
// dispatch_isa(cpu_isa(), isa_cap_from_environment()), read once per process.
DESCENT_API Isa simd_isa();

}  // namespace descent
