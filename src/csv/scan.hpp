// The first pass over a CSV file: where its records end, without parsing a number. It bounds
// the row count (so the table is allocated once, at its size, and checked against the memory
// there is) and cuts the data into chunks of whole records that threads parse independently,
// each knowing the line it starts on and the first row slot it fills.
#pragma once

#include <cstdint>
#include <vector>

#include "csv/byte_source.hpp"

namespace descent::csv {

struct Chunk {
    std::uint64_t begin = 0, end = 0;  // byte offsets; begin is the start of a record
    std::size_t first_line = 0;        // 1-based line number at begin
    std::size_t first_slot = 0;        // row slots before this chunk
};

struct ChunkPlan {
    std::vector<Chunk> chunks;
    std::size_t slots = 0;  // an upper bound on the data rows: records, blank or not
};

// Scans [begin, source.size()) which starts on line `first_line`, in chunks of about
// `chunk_bytes` (at least one record each).
ChunkPlan plan_chunks(const ByteSource& source, std::uint64_t begin, std::size_t first_line, char delimiter,
                      std::size_t chunk_bytes);

}  // namespace descent::csv
