// Real data from CSV files as spreadsheets, R and pandas write them: a header line, then
// records; quoted fields ("" for a quote inside), LF or CRLF, a UTF-8 byte-order mark, a last
// line without a line feed, any one-byte delimiter, spaces around values. Only the target and
// the chosen features are parsed: other columns may hold anything. Every error names the
// file, the line and the column; nothing is guessed.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
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

// A part of a file's records, for readers that split a file among them (descent::mpi): the
// records that start in [begin, end), begin being where a record starts, on line first_line.
struct CsvShare {
    std::uint64_t begin = 0, end = 0;
    std::size_t first_line = 0;
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
    // Read only this share's records (plan_csv_shares). The header is still read from the start.
    // A share may hold no rows: the checks that need the whole file (no data rows, rows
    // after an empty line in a later share) are the caller's, with CsvData::trailing_blank_line.
    std::optional<CsvShare> share;
};

template <class T>
struct CsvData {
    Dataset<T> data;
    std::vector<std::string> feature_names;
    std::size_t rows_dropped = 0;        // rows with a missing value, when drop_missing
    std::size_t first_dropped_line = 0;  // the line of the first of them
    // The first of the empty lines that end what was read (0: none): an error if records follow.
    std::size_t trailing_blank_line = 0;
};

// The `target` column and the `features` (all other named columns, in file order, when empty:
// R's write.csv gives its row names an empty name) of the
// file at `path`, as T. Throws std::runtime_error "PATH:LINE:COLUMN: what is wrong" (1-based;
// the column is the field's position), std::invalid_argument for a column not in the header,
// and std::length_error before allocating a table that does not fit in memory.
template <class T>
DESCENT_API CsvData<T> read_csv(const std::string& path, const std::string& target,
                                const std::vector<std::string>& features = {}, const CsvOptions& options = {});

// Where to cut the file at `path` among `parts` readers: shares of about equal bytes, in file
// order, each starting at a record (found by the reader's quote-aware first pass, which parses
// no number), the last ending at the end of the file; a file of fewer, longer records leaves the
// last shares empty. Throws as read_csv does for the file and its header.
DESCENT_API std::vector<CsvShare> plan_csv_shares(const std::string& path, std::size_t parts, const CsvOptions& options = {});

// The same from bytes in memory; errors name the file `name`.
template <class T>
DESCENT_API CsvData<T> parse_csv(std::string_view text, const std::string& name, const std::string& target,
                                 const std::vector<std::string>& features = {}, const CsvOptions& options = {});

}  // namespace descent
