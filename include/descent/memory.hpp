// Memory checked before it is spent: a table that cannot fit fails at once, naming what it
// needed and what the machine has, instead of std::bad_alloc (or the OOM killer) later.
#pragma once

#include <cstdint>
#include <string>

#include "descent/export.h"

namespace descent {

struct AvailableMemory {
    std::uint64_t bytes = 0;
    std::string source;  // where the figure came from, for the error message
};

// The smaller of MemAvailable (/proc/meminfo) and the room left under a cgroup v2 memory
// limit (memory.max - memory.current); physical pages when neither can be read.
DESCENT_API AvailableMemory available_memory();

// Throws std::length_error "WHAT needs N bytes (HOW), but ... has M available (SOURCE)" when
// `bytes` exceeds available_memory() (16 MiB or less always passes, without reading /proc).
// `how` spells out the product, "rows x columns x bytes".
DESCENT_API void require_memory(std::uint64_t bytes, const std::string& what, const std::string& how);

// "1.5 GiB", "320 MiB", "12 KiB", "80 bytes".
DESCENT_API std::string format_bytes(std::uint64_t bytes);

// rows x columns x element bytes, saturating at UINT64_MAX instead of wrapping around.
DESCENT_API std::uint64_t table_bytes(std::uint64_t rows, std::uint64_t columns, std::uint64_t element_bytes);

}  // namespace descent
