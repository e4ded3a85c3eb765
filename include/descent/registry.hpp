// The list of implementations, in priority order, and how a name becomes one (anchor: simdjson).
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "descent/export.h"
#include "descent/implementation.hpp"

namespace descent {

// Every implementation this build knows, supported on this CPU or not, in priority order.
DESCENT_API std::span<const Implementation* const> all_implementations();
// Those that can run here (supported()), in the same order; `auto` comes first.
DESCENT_API std::vector<const Implementation*> supported_implementations();

// Looks up a name ("auto", "simd", ...). An unknown name throws std::invalid_argument that
// lists the known ones; a known one this CPU cannot run throws std::runtime_error saying why.
DESCENT_API const Implementation& find_implementation(std::string_view name);

// What every default resolves to: DESCENT_IMPL if set (an unknown name is an error, never a
// silent fallback), else `auto`.
DESCENT_API const Implementation& default_implementation();

// The honest baseline every speed-up is measured against: `scalar`.
DESCENT_API const Implementation& baseline_implementation();

// What `auto` runs for n rows: `simd` or `simd_omp`, both supported everywhere.
DESCENT_API const Implementation& auto_choice(std::size_t n);

// `auto` runs `simd` below this many rows and `simd_omp` from it up. The built-in value was
// measured on this project's 2-core machine (docs/performance.md, "auto's crossover"): at 40000 rows
// (two unequal chunks) threads were 2% slower for f32, from 49152 up 20-60% faster for
// both dtypes. DESCENT_AUTO_CROSSOVER overrides it.
DESCENT_API std::size_t auto_crossover_rows();
inline constexpr std::size_t kDefaultAutoCrossoverRows = 49152;

}  // namespace descent
