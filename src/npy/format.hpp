// numpy's .npy format (versions 1.0, 2.0 and 3.0): a magic string, a little-endian header
// length, a Python dict literal {'descr': '<f8', 'fortran_order': False, 'shape': (n, d), }
// and the array's bytes. This parses and checks one file's bytes; nothing here maps or copies.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "descent/npy.hpp"

namespace descent::npy {

struct Array {
    std::size_t item_bytes = 0;  // 4 (float32) or 8 (float64)
    bool big_endian = false;
    bool fortran_order = false;
    std::vector<std::size_t> shape;
    std::size_t data_offset = 0;  // where the values start in the file
    const std::byte* data = nullptr;

    std::size_t count() const;  // the product of the shape
};

// Throws std::runtime_error "NAME: what is wrong" for a bad magic, version, header, a dtype other
// than float32/float64, or a file whose length is not the header's plus the shape's bytes.
Array parse(std::string_view file, const std::string& name);

// The table read_npy returns for two parsed arrays (X, then y): checks their shapes and values,
// views them where it can and copies them where it must. `files` is left for the caller.
template <class T>
NpyData<T> assemble(const Array& x, const Array& y, const std::string& x_name, const std::string& y_name);

}  // namespace descent::npy
