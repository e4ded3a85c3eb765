#include "descent/csv.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <fstream>
#include <stdexcept>

namespace descent {

namespace {

std::string trim(std::string_view text) {
    const auto first = text.find_first_not_of(" \t");
    if (first == std::string_view::npos) return "";
    const auto last = text.find_last_not_of(" \t");
    return std::string(text.substr(first, last - first + 1));
}

std::vector<std::string> split_cells(std::string_view line) {
    std::vector<std::string> cells;
    for (std::size_t start = 0;;) {
        const std::size_t comma = line.find(',', start);
        cells.push_back(trim(line.substr(start, comma - start)));
        if (comma == std::string_view::npos) return cells;
        start = comma + 1;
    }
}

[[noreturn]] void fail(const std::string& path, std::size_t line, std::size_t column, const std::string& what) {
    throw std::runtime_error(path + ":" + std::to_string(line) + ":" + std::to_string(column) + ": " + what);
}

double parse_cell(const std::string& cell, const std::string& path, std::size_t line, std::size_t column,
                  const std::string& name) {
    double value = 0;
    const char* end = cell.data() + cell.size();
    const auto [stop, error] = std::from_chars(cell.data(), end, value);
    if (cell.empty()) fail(path, line, column, "empty cell in column '" + name + "'");
    if (error != std::errc() || stop != end)
        fail(path, line, column, "'" + cell + "' in column '" + name + "' is not a number");
    if (!std::isfinite(value)) fail(path, line, column, "'" + cell + "' in column '" + name + "' is not a finite number");
    return value;
}

std::size_t column_index(const CsvTable& table, const std::string& name) {
    const auto it = std::find(table.header.begin(), table.header.end(), name);
    if (it == table.header.end()) {
        std::string known;
        for (const std::string& h : table.header) known += (known.empty() ? "" : ", ") + h;
        throw std::invalid_argument("no column '" + name + "' in the CSV header; its columns are: " + known);
    }
    return static_cast<std::size_t>(it - table.header.begin());
}

}  // namespace

CsvTable read_csv(const std::string& path) {
    std::ifstream file(path);
    if (!file) throw std::runtime_error(path + ": cannot open the file");
    CsvTable table;
    std::string line;
    std::size_t line_number = 0;
    while (std::getline(file, line)) {
        ++line_number;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (trim(line).empty()) {
            if (table.header.empty()) continue;  // blank lines before the header
            fail(path, line_number, 1, "empty line inside the data");
        }
        std::vector<std::string> cells = split_cells(line);
        if (table.header.empty()) {
            for (std::size_t c = 0; c < cells.size(); ++c)
                if (cells[c].empty()) fail(path, line_number, c + 1, "empty column name in the header");
            table.header = std::move(cells);
            table.columns.resize(table.header.size());
            continue;
        }
        if (cells.size() != table.header.size())
            fail(path, line_number, std::min(cells.size(), table.header.size()) + 1,
                 "expected " + std::to_string(table.header.size()) + " cells (as in the header), found " +
                     std::to_string(cells.size()));
        for (std::size_t c = 0; c < cells.size(); ++c)
            table.columns[c].push_back(parse_cell(cells[c], path, line_number, c + 1, table.header[c]));
    }
    if (table.header.empty()) fail(path, 1, 1, "the file is empty: expected a header line");
    if (table.columns.front().empty()) fail(path, line_number + 1, 1, "the file has a header but no data rows");
    return table;
}

std::vector<std::string> feature_names(const CsvTable& table, const std::string& target,
                                       const std::vector<std::string>& features) {
    column_index(table, target);
    if (!features.empty()) {
        for (const std::string& f : features) column_index(table, f);
        return features;
    }
    std::vector<std::string> names;
    for (const std::string& h : table.header)
        if (h != target) names.push_back(h);
    if (names.empty()) throw std::invalid_argument("the CSV has no column besides the target '" + target + "'");
    return names;
}

namespace {
// Copies a column converted to T; a value beyond T's range (1e39 as float) is an error, not inf.
template <class T>
void copy_column(const CsvTable& table, const std::string& name, T* out) {
    const std::vector<double>& column = table.columns[column_index(table, name)];
    for (std::size_t row = 0; row < column.size(); ++row) {
        const T value = static_cast<T>(column[row]);
        if (!std::isfinite(value))
            throw std::invalid_argument("line " + std::to_string(row + 2) + ", column '" + name + "': " +
                                        std::to_string(column[row]) + " is out of range for " +
                                        (sizeof(T) == 4 ? "f32" : "f64"));
        out[row] = value;
    }
}
}  // namespace

template <class T>
Dataset<T> select_columns(const CsvTable& table, const std::string& target, const std::vector<std::string>& features) {
    const std::vector<std::string> names = feature_names(table, target, features);
    Dataset<T> data;
    data.resize(table.columns.front().size(), names.size());
    for (std::size_t j = 0; j < names.size(); ++j) copy_column(table, names[j], data.column(j));
    copy_column(table, target, data.y.data());
    return data;
}

template Dataset<float> select_columns(const CsvTable&, const std::string&, const std::vector<std::string>&);
template Dataset<double> select_columns(const CsvTable&, const std::string&, const std::vector<std::string>&);

}  // namespace descent
