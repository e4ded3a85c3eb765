// Real data from CSV files as spreadsheets, R and pandas write them: a header line, then
// records; quoted fields ("" for a quote inside), LF or CRLF, a UTF-8 byte-order mark, a last
// line without a line feed, any one-byte delimiter, spaces around values. Only the target and
// the chosen features are parsed: other columns may hold anything. Every error names the
// file, the line and the column; nothing is guessed.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "descent/dataset.hpp"
#include "descent/export.h"

namespace descent {

struct CsvProgress {
    std::uint64_t bytes_done = 0, bytes_total = 0;
    std::size_t rows = 0;
};

struct CsvOptions {
    char delimiter = ',';  // ';' and '\t' are common; not '"', CR or LF
    char decimal = '.';    // ',' for "1,5" (then the delimiter must be another byte)
    // An empty cell, NA, N/A, NaN, null, None, #N/A in a used column: an error by default;
    // with drop_missing the row is dropped and counted.
    bool drop_missing = false;
    int threads = 0;  // threads that parse chunks; 0: OpenMP's default
    // Bytes a thread parses at a time (whole records); tests make it tiny to cross every edge.
    std::size_t chunk_bytes = std::size_t{8} << 20;
    // Called now and then while parsing, on one thread at a time (not always the caller's).
    std::function<void(const CsvProgress&)> on_progress;
};

template <class T>
struct CsvData {
    Dataset<T> data;
    std::vector<std::string> feature_names;
    std::size_t rows_dropped = 0;        // rows with a missing value, when drop_missing
    std::size_t first_dropped_line = 0;  // the line of the first of them
};

// The `target` column and the `features` (all other named columns, in file order, when empty:
// R's write.csv gives its row names an empty name) of the
// file at `path`, as T. Throws std::runtime_error "PATH:LINE:COLUMN: what is wrong" (1-based;
// the column is the field's position), std::invalid_argument for a column not in the header,
// and std::length_error before allocating a table that does not fit in memory.
template <class T>
DESCENT_API CsvData<T> read_csv(const std::string& path, const std::string& target,
                                const std::vector<std::string>& features = {}, const CsvOptions& options = {});

// The same from bytes in memory; errors name the file `name`.
template <class T>
DESCENT_API CsvData<T> parse_csv(std::string_view text, const std::string& name, const std::string& target,
                                 const std::vector<std::string>& features = {}, const CsvOptions& options = {});

}  // namespace descent
