// read_csv and parse_csv: the header, the columns asked for, one pass that plans chunks
// (scan.cpp), the table allocated once at its size, the chunks parsed in parallel straight into
// it, then the rows of each chunk moved down over the slots blank or dropped records left.
#include <omp.h>

#include <algorithm>
#include <atomic>
#include <cstring>
#include <exception>
#include <optional>
#include <stdexcept>

#include "csv/byte_source.hpp"
#include "csv/decimal.hpp"
#include "csv/fields.hpp"
#include "csv/scan.hpp"
#include "descent/csv.hpp"
#include "descent/memory.hpp"

namespace descent {

namespace {

using csv::ByteSource;
using csv::Field;
using csv::FieldEnd;

struct Problem {
    std::size_t line = 0, column = 0;
    std::string what;
};

[[noreturn]] void fail(const ByteSource& source, const Problem& p) {
    throw std::runtime_error(source.name() + ":" + std::to_string(p.line) + ":" + std::to_string(p.column) + ": " + p.what);
}

// A cell as it appears in a message: quoted, and cut short when long.
std::string shown(std::string_view text) {
    constexpr std::size_t longest = 40;
    std::string quoted = "'";  // appended, not "'" + string: GCC 12 warns falsely (-Wrestrict) on that
    quoted.append(text.substr(0, longest)).append(text.size() > longest ? "...'" : "'");
    return quoted;
}

struct Header {
    std::vector<std::string> names;
    std::uint64_t data_begin = 0;  // byte offset of the first data record
    std::size_t data_line = 0;     // its line number
};

// The first non-blank record, after an optional UTF-8 byte-order mark. The prefix read grows
// until it holds the whole header record.
Header read_header(const ByteSource& source, char delimiter) {
    constexpr std::size_t largest = std::size_t{64} << 20;
    std::vector<char> scratch;
    for (std::size_t prefix = std::size_t{64} << 10;; prefix *= 2) {
        const std::string_view bytes = source.read(0, prefix, scratch);
        const bool whole_file = bytes.size() == source.size();
        const char* p = bytes.data();
        const char* end = p + bytes.size();
        if (bytes.substr(0, 3) == "\xEF\xBB\xBF") p += 3;
        std::size_t line = 1;
        for (;;) {  // blank lines before the header
            const char* q = p;
            while (q < end && csv::is_padding(*q, delimiter)) ++q;
            if (q == end || *q != '\n') break;
            p = q + 1;
            ++line;
        }
        if (p == end) {
            if (whole_file) fail(source, {line, 1, "the file is empty: expected a header line"});
            if (prefix >= largest) fail(source, {line, 1, "more than 64 MiB of blank lines before the header"});
            continue;
        }
        Header header;
        std::size_t inner_lines = 0;
        bool complete = true;
        for (;;) {
            const std::size_t field_line = line + inner_lines;
            const Field field = csv::read_field(p, end, delimiter, inner_lines);
            if (field.end == FieldEnd::error && !whole_file) {
                complete = false;
                break;
            }
            if (field.end == FieldEnd::error) fail(source, {field_line, header.names.size() + 1, field.error});
            header.names.push_back(csv::unquote(field));
            if (field.end == FieldEnd::record) break;
        }
        // The header ends at a line feed, or at the end of the file.
        if (complete && (p[-1] == '\n' || whole_file)) {
            header.data_begin = static_cast<std::uint64_t>(p - bytes.data());
            header.data_line = line + inner_lines + 1;
            return header;
        }
        if (prefix >= largest) fail(source, {line, 1, "the header line is longer than 64 MiB"});
    }
}

// What each column of the file becomes: a feature's index, the target (d), or skipped (-1).
struct Selection {
    std::vector<std::string> features;
    std::vector<long> role;  // per file column
};

std::size_t column_of(const std::vector<std::string>& header, const std::string& name) {
    const auto it = std::find(header.begin(), header.end(), name);
    if (it == header.end()) {
        std::string known;
        for (const std::string& h : header) known += (known.empty() ? "" : ", ") + h;
        throw std::invalid_argument("no column '" + name + "' in the CSV header; its columns are: " + known);
    }
    if (std::find(it + 1, header.end(), name) != header.end())
        throw std::invalid_argument("the CSV header names column '" + name + "' more than once");
    return static_cast<std::size_t>(it - header.begin());
}

Selection select(const std::vector<std::string>& header, const std::string& target, const std::vector<std::string>& features) {
    Selection s;
    s.role.assign(header.size(), -1);
    s.features = features;
    if (s.features.empty())  // every named column but the target; R's write.csv leaves its row names unnamed
        for (const std::string& name : header)
            if (name != target && !name.empty()) s.features.push_back(name);
    if (s.features.empty()) throw std::invalid_argument("the CSV has no column besides the target '" + target + "'");
    for (std::size_t j = 0; j < s.features.size(); ++j) {
        const std::size_t c = column_of(header, s.features[j]);
        if (s.role[c] != -1) throw std::invalid_argument("feature '" + s.features[j] + "' is listed twice");
        s.role[c] = static_cast<long>(j);
    }
    const std::size_t target_column = column_of(header, target);
    if (s.role[target_column] != -1) throw std::invalid_argument("the target '" + target + "' is also a feature");
    s.role[target_column] = static_cast<long>(s.features.size());
    return s;
}

struct ChunkResult {
    std::size_t rows = 0, dropped = 0, first_dropped_line = 0;
    std::size_t first_blank_line = 0, last_record_line = 0;
    std::optional<Problem> problem;
};

// Parses one chunk's records into the table's slots from chunk.first_slot on, stopping at the
// first problem.
template <class T>
class ChunkParser {
public:
    ChunkParser(const std::vector<std::string>& header, const Selection& selection, const CsvOptions& options,
                const std::vector<T*>& columns)
        : header_(header), selection_(selection), options_(options), columns_(columns) {}

    // slot_end: where the next chunk's rows start; the planning pass guarantees it is enough.
    ChunkResult parse(std::string_view bytes, const csv::Chunk& chunk, std::size_t slot_end) const {
        ChunkResult result;
        const char* p = bytes.data();
        const char* end = p + bytes.size();
        std::size_t line = chunk.first_line;
        while (p < end && !result.problem) {
            const char* q = p;
            while (q < end && csv::is_padding(*q, options_.delimiter)) ++q;
            if (q == end || *q == '\n') {  // a blank line: fine at the end of the file only
                if (!result.first_blank_line) result.first_blank_line = line;
                p = q == end ? q : q + 1;
                ++line;
                continue;
            }
            result.last_record_line = line;
            std::size_t inner_lines = 0;
            const std::size_t slot = chunk.first_slot + result.rows;
            if (slot >= slot_end) throw std::logic_error("CSV reader: the planning pass counted fewer records than there are");
            const bool missing = parse_record(p, end, line, slot, inner_lines, result);
            if (missing && !result.problem) {
                if (!result.dropped++) result.first_dropped_line = line;
            } else if (!result.problem) {
                ++result.rows;
            }
            line += inner_lines + 1;
        }
        return result;
    }

private:
    // Returns whether a used cell was missing (with drop_missing); a problem goes to `result`.
    bool parse_record(const char*& p, const char* end, std::size_t line, std::size_t slot, std::size_t& inner_lines,
                      ChunkResult& result) const {
        const std::size_t expected = header_.size();
        bool missing = false;
        for (std::size_t column = 0;; ++column) {
            const long role = column < expected ? selection_.role[column] : -1;
            if (role >= 0 && !missing && options_.decimal == '.') {  // the common cell: a bare number
                T value;
                const char* q = csv::fast_decimal(p, end, value);
                while (q && q < end && csv::is_padding(*q, options_.delimiter)) ++q;
                if (q && (q == end || *q == options_.delimiter || *q == '\n')) {
                    columns_[static_cast<std::size_t>(role)][slot] = value;
                    const bool record_end = q == end || *q == '\n';
                    p = q == end ? q : q + 1;
                    if (!record_end) continue;
                    if (column + 1 != expected) result.problem = too_few_cells(line + inner_lines, column + 1);
                    return false;
                }
            }
            const std::size_t field_line = line + inner_lines;
            const Field field = csv::read_field(p, end, options_.delimiter, inner_lines);
            if (field.end == FieldEnd::error) {
                result.problem = Problem{field_line, column + 1, field.error};
                return false;
            }
            if (column >= expected) {
                std::size_t found = column + 1;
                for (Field more = field; more.end == FieldEnd::delimiter; ++found)
                    more = csv::read_field(p, end, options_.delimiter, inner_lines);
                result.problem = Problem{field_line, expected + 1,
                                         "expected " + std::to_string(expected) + " cells (as in the header), found " +
                                             std::to_string(found)};
                return false;
            }
            if (role >= 0 && !missing) {
                const std::string unquoted = field.has_doubled_quotes ? csv::unquote(field) : std::string();
                const std::string_view text = field.has_doubled_quotes ? std::string_view(unquoted) : field.text;
                T value{};
                const csv::CellKind kind = csv::parse_number(text, options_.decimal, value);
                if (kind == csv::CellKind::number) {
                    columns_[static_cast<std::size_t>(role)][slot] = value;
                } else if (kind == csv::CellKind::missing && options_.drop_missing) {
                    missing = true;
                } else {
                    result.problem = Problem{field_line, column + 1, describe(kind, text, column)};
                    return false;
                }
            }
            if (field.end == FieldEnd::record) {
                if (column + 1 != expected) result.problem = too_few_cells(field_line, column + 1);
                return missing;
            }
        }
    }

    Problem too_few_cells(std::size_t line, std::size_t found) const {
        return {line, found + 1,
                "expected " + std::to_string(header_.size()) + " cells (as in the header), found " + std::to_string(found)};
    }

    std::string describe(csv::CellKind kind, std::string_view text, std::size_t column) const {
        const std::string where = " in column '" + header_[column] + "'";
        switch (kind) {
            case csv::CellKind::missing:
                return "missing value " + (text.empty() ? std::string("(an empty cell)") : shown(text)) + where +
                       " (drop_missing, or --drop-missing, drops such rows)";
            case csv::CellKind::out_of_range:
                return shown(text) + where + " is out of range for " + (sizeof(T) == 4 ? "f32" : "f64");
            case csv::CellKind::not_finite:
                return shown(text) + where + " is not a finite number";
            default:
                return shown(text) + where + " is not a number" +
                       (options_.decimal == '.' && text.find(',') != std::string_view::npos ? " (a decimal comma needs --decimal ,)" : "");
        }
    }

    const std::vector<std::string>& header_;
    const Selection& selection_;
    const CsvOptions& options_;
    const std::vector<T*>& columns_;
};

void check_options(const CsvOptions& options) {
    const char d = options.delimiter;
    if (d == '"' || d == '\n' || d == '\r' || d == '\0' || d == ' ')
        throw std::invalid_argument("the CSV delimiter cannot be a quote, a space, a line end or NUL");
    if (options.decimal != '.' && options.decimal != ',')
        throw std::invalid_argument("the decimal separator must be '.' or ','");
    if (options.decimal == d) throw std::invalid_argument("the decimal separator and the delimiter are the same byte");
}

template <class T>
CsvData<T> read_from(const ByteSource& source, const std::string& target, const std::vector<std::string>& features,
                     const CsvOptions& options) {
    check_options(options);
    const Header header = read_header(source, options.delimiter);
    const Selection selection = select(header.names, target, features);
    const csv::ClippedSource share(source, options.share ? options.share->end : source.size());
    const csv::ChunkPlan plan = options.share ? csv::plan_chunks(share, options.share->begin, options.share->first_line,
                                                                 options.delimiter, options.chunk_bytes)
                                              : csv::plan_chunks(source, header.data_begin, header.data_line,
                                                                 options.delimiter, options.chunk_bytes);

    const std::size_t d = selection.features.size();
    require_memory(table_bytes(padded_stride<T>(plan.slots), d + 1, sizeof(T)), "the table of " + source.name(),
                   "up to " + std::to_string(plan.slots) + " rows x " + std::to_string(d + 1) + " columns x " +
                       std::to_string(sizeof(T)) + " bytes");
    CsvData<T> out;
    out.feature_names = selection.features;
    out.data.resize(plan.slots, d);
    std::vector<T*> columns;
    for (std::size_t j = 0; j < d; ++j) columns.push_back(out.data.column(j));
    columns.push_back(out.data.y.data());

    const ChunkParser<T> parser(header.names, selection, options, columns);
    const std::size_t count = plan.chunks.size();
    std::vector<ChunkResult> results(count);
    std::vector<std::exception_ptr> failures(count);
    std::atomic<std::uint64_t> bytes_done{header.data_begin};
    std::atomic<std::size_t> rows_done{0};
    const int threads = options.threads > 0 ? options.threads : omp_get_max_threads();
#pragma omp parallel num_threads(threads) if (threads > 1 && count > 1)
    {
        std::vector<char> scratch;
#pragma omp for schedule(dynamic, 1)
        for (std::size_t k = 0; k < count; ++k) {
            try {
                const csv::Chunk& chunk = plan.chunks[k];
                const std::size_t slot_end = k + 1 < count ? plan.chunks[k + 1].first_slot : plan.slots;
                results[k] = parser.parse(source.read(chunk.begin, chunk.end - chunk.begin, scratch), chunk, slot_end);
                bytes_done += chunk.end - chunk.begin;
                rows_done += results[k].rows;
                // Whichever thread finished a chunk reports it, one at a time: with dynamic
                // scheduling one thread may parse every chunk.
                if (options.on_progress) {
#pragma omp critical(descent_csv_progress)
                    options.on_progress({bytes_done.load(), source.size(), rows_done.load()});
                }
            } catch (...) {
                failures[k] = std::current_exception();
            }
        }
    }
    for (const std::exception_ptr& failure : failures)
        if (failure) std::rethrow_exception(failure);

    // The first problem in the file: a bad record, or a blank line with records after it.
    std::optional<Problem> first;
    std::size_t first_blank = 0, last_record = 0;
    for (const ChunkResult& r : results) {
        if (r.problem && (!first || r.problem->line < first->line)) first = r.problem;
        if (r.first_blank_line && !first_blank) first_blank = r.first_blank_line;
        last_record = std::max({last_record, r.last_record_line, r.problem ? r.problem->line : 0});
    }
    if (first_blank && last_record > first_blank && (!first || first_blank < first->line))
        first = Problem{first_blank, 1, "empty line inside the data"};
    if (first) fail(source, *first);
    if (first_blank && last_record < first_blank) out.trailing_blank_line = first_blank;

    std::size_t rows = 0;
    for (std::size_t k = 0; k < count; ++k) {
        const std::size_t from = plan.chunks[k].first_slot, kept = results[k].rows;
        if (from != rows)
            for (T* column : columns) std::memmove(column + rows, column + from, kept * sizeof(T));
        rows += kept;
        out.rows_dropped += results[k].dropped;
        if (results[k].dropped && !out.first_dropped_line) out.first_dropped_line = results[k].first_dropped_line;
    }
    if (rows == 0 && out.rows_dropped == 0 && !options.share)
        fail(source, {header.data_line, 1, "the file has a header but no data rows"});
    if (rows == 0 && !options.share)
        fail(source, {out.first_dropped_line, 1,
                      "every one of the " + std::to_string(out.rows_dropped) + " data rows has a missing value"});
    out.data.y.resize(rows);
    if (options.on_progress) options.on_progress({source.size(), source.size(), rows});
    return out;
}

}  // namespace

template <class T>
CsvData<T> read_csv(const std::string& path, const std::string& target, const std::vector<std::string>& features,
                    const CsvOptions& options) {
    const csv::FileSource source(path);
    return read_from<T>(source, target, features, options);
}

std::vector<CsvShare> plan_csv_shares(const std::string& path, std::size_t parts, const CsvOptions& options) {
    check_options(options);
    if (parts == 0) throw std::invalid_argument("a file cannot be shared among 0 readers");
    const csv::FileSource source(path);
    const Header header = read_header(source, options.delimiter);
    const std::uint64_t data_bytes = source.size() - header.data_begin;
    const auto share_bytes = static_cast<std::size_t>(std::max<std::uint64_t>(1, (data_bytes + parts - 1) / parts));
    // Chunks of at least share_bytes (all but the last): no more of them than parts.
    const csv::ChunkPlan plan = csv::plan_chunks(source, header.data_begin, header.data_line, options.delimiter, share_bytes);
    std::vector<CsvShare> shares;
    for (const csv::Chunk& chunk : plan.chunks) shares.push_back({chunk.begin, chunk.end, chunk.first_line});
    while (shares.size() < parts) shares.push_back({source.size(), source.size(), shares.back().first_line});
    return shares;
}

template <class T>
CsvData<T> parse_csv(std::string_view text, const std::string& name, const std::string& target,
                     const std::vector<std::string>& features, const CsvOptions& options) {
    const csv::MemorySource source(text, name);
    return read_from<T>(source, target, features, options);
}

template DESCENT_API CsvData<float> read_csv(const std::string&, const std::string&, const std::vector<std::string>&, const CsvOptions&);
template DESCENT_API CsvData<double> read_csv(const std::string&, const std::string&, const std::vector<std::string>&, const CsvOptions&);
template DESCENT_API CsvData<float> parse_csv(std::string_view, const std::string&, const std::string&,
                                              const std::vector<std::string>&, const CsvOptions&);
template DESCENT_API CsvData<double> parse_csv(std::string_view, const std::string&, const std::string&,
                                               const std::vector<std::string>&, const CsvOptions&);

}  // namespace descent
