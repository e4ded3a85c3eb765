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

// What `auto` runs for a table of n rows of row_bytes bytes each (the features and y):
// `simd`, or `simd_omp` for a table of more than one chunk (kChunkRows rows: a team needs two)
// and at least auto_crossover_bytes() bytes. Both supported everywhere, both the same bits.
DESCENT_API const Implementation& auto_choice(std::size_t n, std::size_t row_bytes);

// The size of table, in bytes, from which threads pay: DESCENT_AUTO_CROSSOVER_BYTES when set,
// else measured on this machine by the first call that needs it (a few tens of milliseconds,
// once per process: an f32 d = 1 epoch timed on one thread and on all of OpenMP's, from two
// chunks of rows up; docs/performance.md, "auto's crossover"). The largest size_t when threads
// never paid. In bytes because threads pay once a call has enough work for their start, and an
// epoch's work follows its bytes: f64 tables cross at half the rows of f32 ones.
DESCENT_API std::size_t auto_crossover_bytes();
// Whether auto_crossover_bytes() is this machine's measurement (false: the environment's).
DESCENT_API bool auto_crossover_is_measured();

}  // namespace descent
