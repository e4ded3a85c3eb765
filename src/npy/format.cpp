#include "npy/format.hpp"

#include <bit>
#include <cctype>
#include <cstdint>
#include <stdexcept>

#include "descent/memory.hpp"

namespace descent::npy {

namespace {

[[noreturn]] void fail(const std::string& name, const std::string& what) {
    throw std::runtime_error(name + ": " + what);
}

// A reader of the header's dict literal, as numpy's own writer spells it (and a little more:
// any spaces, keys in any order, single or double quotes).
class DictReader {
public:
    DictReader(std::string_view text, const std::string& name) : text_(text), name_(name) {}

    void expect(char c) {
        skip_spaces();
        if (pos_ >= text_.size() || text_[pos_] != c) bad(std::string("expected '") + c + "'");
        ++pos_;
    }
    bool next_is(char c) {
        skip_spaces();
        return pos_ < text_.size() && text_[pos_] == c;
    }
    std::string string() {
        skip_spaces();
        if (pos_ >= text_.size() || (text_[pos_] != '\'' && text_[pos_] != '"')) bad("expected a quoted string");
        const char quote = text_[pos_++];
        const std::size_t end = text_.find(quote, pos_);
        if (end == std::string_view::npos) bad("a string is not closed");
        std::string value(text_.substr(pos_, end - pos_));
        pos_ = end + 1;
        return value;
    }
    bool boolean() {
        skip_spaces();
        for (const auto& [word, value] : {std::pair{"True", true}, std::pair{"False", false}})
            if (text_.substr(pos_, std::string_view(word).size()) == word) {
                pos_ += std::string_view(word).size();
                return value;
            }
        bad("expected True or False");
    }
    std::vector<std::size_t> tuple() {
        expect('(');
        std::vector<std::size_t> values;
        while (!next_is(')')) {
            skip_spaces();
            std::size_t value = 0, digits = 0;
            for (; pos_ < text_.size() && std::isdigit(static_cast<unsigned char>(text_[pos_])); ++pos_, ++digits) {
                if (value > (SIZE_MAX - 9) / 10) bad("a dimension is too large");
                value = value * 10 + static_cast<std::size_t>(text_[pos_] - '0');
            }
            if (digits == 0) bad("expected a dimension");
            if (values.size() == 32) bad("more than 32 dimensions");
            values.push_back(value);
            if (!next_is(',')) break;
            expect(',');
        }
        expect(')');
        return values;
    }
    void finish() {
        skip_spaces();
        if (pos_ != text_.size()) bad("unexpected text after the dict");
    }
    [[noreturn]] void bad(const std::string& what) const {
        fail(name_, "bad .npy header at character " + std::to_string(pos_ + 1) + ": " + what + " (the header is: " +
                        std::string(text_.substr(0, 200)) + ")");
    }

private:
    void skip_spaces() {
        while (pos_ < text_.size() && std::isspace(static_cast<unsigned char>(text_[pos_]))) ++pos_;
    }
    std::string_view text_;
    const std::string& name_;
    std::size_t pos_ = 0;
};

std::uint32_t little_endian(std::string_view bytes) {
    std::uint32_t value = 0;
    for (std::size_t i = bytes.size(); i-- > 0;) value = value << 8 | static_cast<unsigned char>(bytes[i]);
    return value;
}

void read_descr(Array& array, const std::string& descr, const std::string& name) {
    const bool known_order = descr.size() == 3 && (descr[0] == '<' || descr[0] == '>' || descr[0] == '=');
    if (known_order && descr[1] == 'f' && (descr[2] == '4' || descr[2] == '8')) {
        array.item_bytes = static_cast<std::size_t>(descr[2] - '0');
        array.big_endian = descr[0] == '>' || (descr[0] == '=' && std::endian::native == std::endian::big);
        return;
    }
    fail(name, "dtype '" + descr + "': descent reads float32 and float64 arrays (convert with a.astype(np.float64))");
}

}  // namespace

std::size_t Array::count() const {
    std::size_t n = 1;
    for (std::size_t s : shape) n = static_cast<std::size_t>(table_bytes(n, s, 1));
    return n;
}

Array parse(std::string_view file, const std::string& name) {
    constexpr std::string_view magic = "\x93NUMPY";
    if (file.substr(0, magic.size()) != magic) fail(name, "not a .npy file (it does not start with \\x93NUMPY)");
    if (file.size() < 10) fail(name, "truncated .npy header");
    const int major = static_cast<unsigned char>(file[6]);
    if (major < 1 || major > 3)
        fail(name, ".npy format version " + std::to_string(major) + "." + std::to_string(static_cast<unsigned char>(file[7])) +
                       " (descent reads 1.0 to 3.0)");
    const std::size_t length_bytes = major == 1 ? 2 : 4;
    if (file.size() < 8 + length_bytes) fail(name, "truncated .npy header");
    const std::size_t header_length = little_endian(file.substr(8, length_bytes));
    Array array;
    array.data_offset = 8 + length_bytes + header_length;
    if (file.size() < array.data_offset)
        fail(name, "truncated: the header says it is " + std::to_string(header_length) + " bytes, the file ends before");

    DictReader dict(file.substr(8 + length_bytes, header_length), name);
    bool has_descr = false, has_order = false, has_shape = false;
    dict.expect('{');
    while (!dict.next_is('}')) {
        const std::string key = dict.string();
        dict.expect(':');
        if (key == "descr" && !has_descr) {
            read_descr(array, dict.string(), name);
            has_descr = true;
        } else if (key == "fortran_order" && !has_order) {
            array.fortran_order = dict.boolean();
            has_order = true;
        } else if (key == "shape" && !has_shape) {
            array.shape = dict.tuple();
            has_shape = true;
        } else {
            dict.bad("unexpected key '" + key + "'");
        }
        if (!dict.next_is(',')) break;
        dict.expect(',');
    }
    dict.expect('}');
    dict.finish();
    if (!has_descr || !has_order || !has_shape) dict.bad("the dict needs 'descr', 'fortran_order' and 'shape'");

    const std::uint64_t data_bytes = table_bytes(array.count(), array.item_bytes, 1);
    const std::uint64_t present = file.size() - array.data_offset;
    if (present != data_bytes) {
        std::string shape;
        for (std::size_t s : array.shape) shape += (shape.empty() ? "" : ", ") + std::to_string(s);
        fail(name, std::string(present < data_bytes ? "truncated" : "longer than its header says") + ": shape (" + shape +
                       ") of float" + std::to_string(8 * array.item_bytes) + " is " + std::to_string(data_bytes) +
                       " bytes of data, the file has " + std::to_string(present));
    }
    array.data = reinterpret_cast<const std::byte*>(file.data() + array.data_offset);
    return array;
}

}  // namespace descent::npy
