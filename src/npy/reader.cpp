// read_npy: map both files, check their headers and shapes, and view or copy their values.
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <bit>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <stdexcept>

#include "descent/memory.hpp"
#include "descent/npy.hpp"
#include "npy/format.hpp"

namespace descent {

namespace {

// A read-only mapping of a whole file, unmapped when the last NpyData that views it goes.
class MappedFile {
public:
    explicit MappedFile(const std::string& path) {
        const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
        if (fd < 0) throw std::runtime_error(path + ": cannot open the file: " + std::strerror(errno));
        struct stat status {};
        if (::fstat(fd, &status) != 0 || !S_ISREG(status.st_mode)) {
            ::close(fd);
            throw std::runtime_error(path + ": cannot read the file: it is not a regular file");
        }
        size_ = static_cast<std::size_t>(status.st_size);
        if (size_ > 0) {
            address_ = ::mmap(nullptr, size_, PROT_READ, MAP_PRIVATE, fd, 0);
            const int error = errno;
            ::close(fd);
            if (address_ == MAP_FAILED) throw std::runtime_error(path + ": cannot map the file: " + std::strerror(error));
        } else {
            ::close(fd);
        }
    }
    ~MappedFile() {
        if (size_ > 0) ::munmap(address_, size_);
    }
    MappedFile(const MappedFile&) = delete;
    MappedFile& operator=(const MappedFile&) = delete;
    std::string_view bytes() const { return {static_cast<const char*>(address_), size_}; }

private:
    void* address_ = nullptr;
    std::size_t size_ = 0;
};

double element(const npy::Array& a, std::size_t k) {
    const bool swap = a.big_endian != (std::endian::native == std::endian::big);
    if (a.item_bytes == 8) {
        std::uint64_t bits;
        std::memcpy(&bits, a.data + 8 * k, 8);
        return std::bit_cast<double>(swap ? __builtin_bswap64(bits) : bits);
    }
    std::uint32_t bits;
    std::memcpy(&bits, a.data + 4 * k, 4);
    return std::bit_cast<float>(swap ? __builtin_bswap32(bits) : bits);
}

// Whether T values can be read where they lie in the file.
template <class T>
bool viewable(const npy::Array& a) {
    return a.item_bytes == sizeof(T) && a.big_endian == (std::endian::native == std::endian::big) &&
           reinterpret_cast<std::uintptr_t>(a.data) % alignof(T) == 0;
}

std::string shown(double value) {
    char text[32];
    std::snprintf(text, sizeof text, "%.17g", value);
    return text;
}

// Row i, column j of an (n, d) array is not a finite number, or (read as f32) out of its range.
[[noreturn]] void bad_value(const std::string& name, std::size_t i, std::size_t j, std::size_t d, double value) {
    throw std::runtime_error(name + ": row " + std::to_string(i) + (d > 1 ? ", column " + std::to_string(j) : std::string()) +
                             " (from 0) is " + shown(value) +
                             (std::isfinite(value) ? ", out of range for f32"
                                                   : ": descent needs finite numbers (drop or fill the missing values first)"));
}

// Throws at the first value of column j (n values from `values`) that is not finite.
template <class T>
void check_finite(const T* values, std::size_t n, std::size_t j, std::size_t d, const std::string& name) {
    for (std::size_t i = 0; i < n; ++i)
        if (!std::isfinite(values[i])) bad_value(name, i, j, d, values[i]);
}

// Column j of an (n, d) array into `out` as T; value i of column j is element index(i).
template <class T, class Index>
void copy_column(const npy::Array& a, std::size_t n, std::size_t j, std::size_t d, Index index, T* out,
                 const std::string& name) {
    for (std::size_t i = 0; i < n; ++i) {
        const double value = element(a, index(i));
        out[i] = static_cast<T>(value);
        if (!std::isfinite(out[i])) bad_value(name, i, j, d, value);
    }
}

}  // namespace

namespace npy {

template <class T>
NpyData<T> assemble(const Array& x, const Array& y, const std::string& x_path, const std::string& y_path) {
    if (x.shape.empty() || x.shape.size() > 2 || (x.shape.size() == 2 && x.shape[1] == 0))
        throw std::runtime_error(x_path + ": X must have shape (n,) or (n, d) with d >= 1, got " +
                                 std::to_string(x.shape.size()) + " dimensions");
    if (y.shape.empty() || y.shape.size() > 2 || (y.shape.size() == 2 && y.shape[1] != 1))
        throw std::runtime_error(y_path + ": y must have shape (n,) or (n, 1)");
    const std::size_t n = x.shape[0], d = x.shape.size() == 2 ? x.shape[1] : 1;
    if (y.shape[0] != n)
        throw std::runtime_error(x_path + " has " + std::to_string(n) + " rows but " + y_path + " has " + std::to_string(y.shape[0]));
    if (n == 0) throw std::runtime_error(x_path + ": the arrays have no rows");

    NpyData<T> out;
    for (std::size_t j = 0; j < d; ++j) out.feature_names.push_back(std::string("x").append(std::to_string(j + 1)));
    out.view.n = n;
    out.view.d = d;
    out.x_mapped = viewable<T>(x) && (d == 1 || x.fortran_order);
    out.y_mapped = viewable<T>(y);
    if (out.x_mapped) {
        out.view.x = reinterpret_cast<const T*>(x.data);
        out.view.stride = n;
        for (std::size_t j = 0; j < d; ++j) check_finite(out.view.feature(j), n, j, d, x_path);
    } else {
        out.view.stride = padded_stride<T>(n);
        require_memory(table_bytes(out.view.stride, d, sizeof(T)), "a copy of " + x_path,
                       std::to_string(n) + " rows x " + std::to_string(d) + " columns x " + std::to_string(sizeof(T)) + " bytes");
        out.x_copy.resize(out.view.stride * d);
        for (std::size_t j = 0; j < d; ++j) {
            T* column = out.x_copy.data() + j * out.view.stride;
            if (x.fortran_order || d == 1)
                copy_column(x, n, j, d, [&](std::size_t i) { return j * n + i; }, column, x_path);
            else
                copy_column(x, n, j, d, [&](std::size_t i) { return i * d + j; }, column, x_path);
        }
        out.view.x = out.x_copy.data();
    }
    if (out.y_mapped) {
        out.view.y = reinterpret_cast<const T*>(y.data);
        check_finite(out.view.y, n, 0, 1, y_path);
    } else {
        out.y_copy.resize(n);
        copy_column(y, n, 0, 1, [](std::size_t i) { return i; }, out.y_copy.data(), y_path);
        out.view.y = out.y_copy.data();
    }
    return out;
}

template NpyData<float> assemble(const Array&, const Array&, const std::string&, const std::string&);
template NpyData<double> assemble(const Array&, const Array&, const std::string&, const std::string&);

}  // namespace npy

template <class T>
NpyData<T> read_npy(const std::string& x_path, const std::string& y_path) {
    auto x_file = std::make_shared<MappedFile>(x_path);
    auto y_file = std::make_shared<MappedFile>(y_path);
    NpyData<T> out = npy::assemble<T>(npy::parse(x_file->bytes(), x_path), npy::parse(y_file->bytes(), y_path), x_path, y_path);
    out.files = std::make_shared<std::pair<std::shared_ptr<MappedFile>, std::shared_ptr<MappedFile>>>(x_file, y_file);
    return out;
}

template DESCENT_API NpyData<float> read_npy(const std::string&, const std::string&);
template DESCENT_API NpyData<double> read_npy(const std::string&, const std::string&);

}  // namespace descent
