// libFuzzer target for the CSV reader. The first byte is the delimiter (',', ';', tab or '|';
// any other byte means ','), the second byte's bits ask for drop_missing (1), a decimal comma
// (2) and a chunk size ((byte >> 2) % 64 + 1); the rest is the file, with target "y". Beyond
// not crashing, hanging or leaking, the reader must give the same table, or the same error,
// whole and cut into tiny chunks: the chunk planner and the parser agree on the grammar.
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <stdexcept>
#include <string>
#include <string_view>

#include "descent/csv.hpp"

namespace {

// The table's bits or the error's words: what two reads of one input must share.
template <class T>
std::string outcome(std::string_view text, descent::CsvOptions options) {
    try {
        const descent::CsvData<T> read = descent::parse_csv<T>(text, "fuzz.csv", "y", {}, options);
        const descent::DatasetView<T> v = read.data.view();
        std::string bits = std::to_string(v.n) + "x" + std::to_string(v.d) + " dropped " + std::to_string(read.rows_dropped) +
                           " from line " + std::to_string(read.first_dropped_line) + ":";
        for (std::size_t j = 0; j < v.d; ++j) bits.append(reinterpret_cast<const char*>(v.feature(j)), v.n * sizeof(T));
        bits.append(reinterpret_cast<const char*>(v.y), v.n * sizeof(T));
        return bits;
    } catch (const std::exception& e) {
        return std::string("error: ") + e.what();
    }
}

template <class T>
void check(std::string_view text, descent::CsvOptions options, std::size_t chunk) {
    options.threads = 1;
    const std::string whole = outcome<T>(text, options);
    options.chunk_bytes = chunk;
    if (outcome<T>(text, options) != whole) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 2) return 0;
    descent::CsvOptions options;
    options.delimiter = std::strchr(",;\t|", data[0]) && data[0] ? static_cast<char>(data[0]) : ',';
    options.drop_missing = data[1] & 1;
    if ((data[1] & 2) && options.delimiter != ',') options.decimal = ',';
    const std::size_t chunk = (data[1] >> 2) % 64 + 1;
    const std::string_view text(reinterpret_cast<const char*>(data + 2), size - 2);
    check<double>(text, options, chunk);
    check<float>(text, options, chunk);
    return 0;
}
