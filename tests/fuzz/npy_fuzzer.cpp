// libFuzzer target for the .npy reader: the first two bytes (little-endian, modulo the rest's
// length + 1) say where the rest splits into the X file and the y file; both are parsed and
// assembled as f64 and f32.
// Any outcome but a clean table or a std::exception is a failure.
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

#include "npy/format.hpp"

namespace {

template <class T>
void assemble(const descent::npy::Array& x, const descent::npy::Array& y) {
    try {
        const descent::NpyData<T> data = descent::npy::assemble<T>(x, y, "x.npy", "y.npy");
        volatile T sum = 0;  // every value of the view is read: an out-of-bounds view shows here
        for (std::size_t j = 0; j < data.view.d; ++j)
            for (std::size_t i = 0; i < data.view.n; ++i) sum = sum + data.view.feature(j)[i];
        for (std::size_t i = 0; i < data.view.n; ++i) sum = sum + data.view.y[i];
    } catch (const std::exception&) {
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 2) return 0;
    const std::string_view bytes(reinterpret_cast<const char*>(data + 2), size - 2);
    const std::size_t split = (data[0] | std::size_t{data[1]} << 8) % (bytes.size() + 1);
    try {
        const descent::npy::Array x = descent::npy::parse(bytes.substr(0, split), "x.npy");
        const descent::npy::Array y = descent::npy::parse(bytes.substr(split), "y.npy");
        assemble<double>(x, y);
        assemble<float>(x, y);
    } catch (const std::exception&) {
    }
    return 0;
}
