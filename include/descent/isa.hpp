// Which SIMD instruction set the `simd` implementation runs, and how a user caps it.
#pragma once

#include <optional>
#include <string_view>

#include "descent/export.h"

namespace descent {

// In increasing order: each level's kernels run on every CPU that has a higher one.
enum class Isa { sse2, avx2, avx512 };

DESCENT_API std::string_view to_string(Isa isa);
// "sse2", "avx2" or "avx512"; anything else throws std::invalid_argument listing those.
DESCENT_API Isa parse_isa(std::string_view name);

// The best level this CPU supports (avx2 means AVX2 with FMA; avx512 means F+CD+DQ+BW).
DESCENT_API Isa cpu_isa();
// DESCENT_MAX_ISA, if set. Throws std::invalid_argument on an unknown value.
DESCENT_API std::optional<Isa> isa_cap_from_environment();
// The level `simd` dispatches to: the CPU's best, lowered to the cap if one is given.
DESCENT_API Isa dispatch_isa(Isa cpu, std::optional<Isa> cap);
// dispatch_isa(cpu_isa(), isa_cap_from_environment()), read once per process.
DESCENT_API Isa simd_isa();

}  // namespace descent
