// The CSV grammar the reader accepts (RFC 4180 and what spreadsheets and R write): fields
// separated by one delimiter byte, records by LF or CRLF; a field may be quoted, with "" for a
// quote inside, and may carry spaces around its value (and around its quotes). A quote inside
// an unquoted field is data. scan.cpp finds record ends with the same rules.
#pragma once

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <string>
#include <string_view>
#include <system_error>

#include "csv/decimal.hpp"

namespace descent::csv {

// Where a field stopped: at the delimiter (another field follows), at the end of the record,
// or at an error (`error` says what; pos points at the offending byte).
enum class FieldEnd { delimiter, record, error };

struct Field {
    std::string_view text;  // between the quotes, or trimmed of spaces; "" marks stay doubled
    bool quoted = false;
    bool has_doubled_quotes = false;
    FieldEnd end = FieldEnd::record;
    const char* error = nullptr;
};

// Spaces that surround a value: a tab is one unless it separates fields.
inline bool is_padding(char c, char delimiter) { return (c == ' ' || c == '\t' || c == '\r') && c != delimiter; }

// Reads the field at `pos` in [pos, end), which holds whole records, and moves pos past its
// delimiter or record end. `lines` counts the line feeds inside quotes.
inline Field read_field(const char*& pos, const char* end, char delimiter, std::size_t& lines) {
    Field field;
    const char* p = pos;
    while (p < end && is_padding(*p, delimiter)) ++p;
    const char* first = p;
    if (p < end && *p == '"') {
        field.quoted = true;
        first = ++p;
        for (;;) {
            while (p < end && *p != '"') lines += *p++ == '\n';
            if (p == end) {
                pos = first - 1;
                field.end = FieldEnd::error;
                field.error = "a quote opened here is never closed";
                return field;
            }
            if (p + 1 < end && p[1] == '"') {
                field.has_doubled_quotes = true;
                p += 2;
                continue;
            }
            break;
        }
        field.text = {first, static_cast<std::size_t>(p - first)};
        ++p;
        while (p < end && is_padding(*p, delimiter)) ++p;
        if (p < end && *p != delimiter && *p != '\n') {
            pos = p;
            field.end = FieldEnd::error;
            field.error = "text after a closing quote (a quote inside a quoted field is written \"\")";
            return field;
        }
    } else {
        while (p < end && *p != delimiter && *p != '\n') ++p;
        const char* last = p;
        while (last > first && is_padding(last[-1], delimiter)) --last;
        field.text = {first, static_cast<std::size_t>(last - first)};
    }
    field.end = p < end && *p == delimiter ? FieldEnd::delimiter : FieldEnd::record;
    pos = p < end ? p + 1 : p;
    return field;
}

// A quoted field's value with each "" made one quote.
inline std::string unquote(const Field& field) {
    std::string value(field.text);
    if (field.has_doubled_quotes)
        for (std::size_t i = 0; (i = value.find("\"\"", i)) != std::string::npos; ++i) value.erase(i, 1);
    return value;
}

// The cells pandas, R and spreadsheets write for "no value".
inline bool is_missing_marker(std::string_view text) {
    for (std::string_view marker : {"", "NA", "N/A", "n/a", "NaN", "nan", "NAN", "-nan", "-NaN", "null", "NULL", "None",
                                    "#N/A", "<NA>"})
        if (text == marker) return true;
    return false;
}

enum class CellKind { number, missing, not_a_number, out_of_range, not_finite };

// A numeric cell as T, correctly rounded. `decimal` is '.' or ','. A value too small for T
// becomes 0 or a subnormal, as strtod does; too large is out_of_range.
template <class T>
CellKind parse_number(std::string_view text, char decimal, T& value) {
    char buffer[128];
    if (decimal != '.') {
        if (text.size() >= sizeof buffer || text.find('.') != std::string_view::npos) return CellKind::not_a_number;
        for (std::size_t i = 0; i < text.size(); ++i) buffer[i] = text[i] == decimal ? '.' : text[i];
        text = {buffer, text.size()};
    }
    const char* first = text.data();
    const char* last = first + text.size();
    if (first < last && *first == '+' && first + 1 < last && first[1] != '-' && first[1] != '+') ++first;
    if (fast_decimal(first, last, value) == last) return CellKind::number;
    const auto [stop, error] = std::from_chars(first, last, value);
    if (stop != last || error == std::errc::invalid_argument)
        return is_missing_marker(text) ? CellKind::missing : CellKind::not_a_number;
    if (error == std::errc::result_out_of_range) {
        if (text.size() >= sizeof buffer) return CellKind::out_of_range;
        std::string copy(first, last);
        const long double wide = std::strtold(copy.c_str(), nullptr);
        if (std::fabs(wide) >= 1) return CellKind::out_of_range;
        value = static_cast<T>(wide);  // underflow: as close to the number as T goes
    }
    if (std::isnan(value)) return CellKind::missing;
    if (!std::isfinite(value)) return CellKind::not_finite;
    return CellKind::number;
}

}  // namespace descent::csv
