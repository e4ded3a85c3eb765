// Data from numpy: X and y as np.save writes them (format 1.0 to 3.0), float32 or float64,
// X of shape (n,) or (n, d) in C or Fortran order, y of shape (n,) or (n, 1). The files are
// memory-mapped, and the table is a view into them, not a copy, where their layout is
// descent's own: a contiguous column per feature (X 1-D, Fortran-ordered or one column) of
// the requested type in the machine's byte order. Otherwise the values are copied (and
// converted) once. Every value must be finite.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "descent/dataset.hpp"
#include "descent/export.h"

namespace descent {

template <class T>
struct NpyData {
    DatasetView<T> view;                    // the table, in the mapped files or in the copies
    bool x_mapped = false, y_mapped = false;  // whether view reads the files themselves
    std::vector<std::string> feature_names;   // x1 .. xd
    AlignedVector<T> x_copy, y_copy;          // the values that had to be copied
    std::shared_ptr<const void> files;        // keeps the mappings open while view points into them

    NpyData() = default;
    NpyData(NpyData&&) = default;
    NpyData& operator=(NpyData&&) = default;
    NpyData(const NpyData&) = delete;  // a copy's view would point into the original's storage
    NpyData& operator=(const NpyData&) = delete;
};

// Throws std::runtime_error naming the file: not .npy, a bad header, a dtype other than
// float32/float64, a shape that is not (n,)/(n, d), a truncated file, row counts that differ,
// a value that is not finite or does not fit in T; std::length_error when a needed copy does
// not fit in memory.
template <class T>
DESCENT_API NpyData<T> read_npy(const std::string& x_path, const std::string& y_path);

}  // namespace descent
