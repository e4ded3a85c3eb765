// numpy arrays as descent's data and parameters. X of shape (n, d) (or (n,) for one feature)
// is viewed in place when each feature is one contiguous column (Fortran order, or d = 1);
// a C-ordered X with d > 1 is copied once into descent's padded feature-major layout. Wrong
// types raise TypeError, wrong shapes and values ValueError, in the library's words.
#pragma once

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>

#include <optional>

#include "descent/dataset.hpp"

namespace descent::python {

namespace py = pybind11;

// X and y for the kernels, kept alive (and copied when needed) as long as this lives.
template <class T>
class ArrayData {
public:
    // Without y (predict), the view's y is null.
    ArrayData(const py::array& x, const std::optional<py::array>& y);
    const DatasetView<T>& view() const { return view_; }
    bool copied() const { return copied_; }

private:
    py::array x_;  // the caller's arrays: a view reads them in place
    std::optional<py::array> y_;
    Dataset<T> copy_;  // X (and y) in descent's layout, when they were not already
    DatasetView<T> view_;
    bool copied_ = false;
};

// Whether `x` holds T values (float32 for float, float64 for double).
template <class T>
bool holds(const py::array& x) {
    return py::isinstance<py::array_t<T>>(x);
}

// b as T, w (a number when d = 1, or a 1-D array of d numbers) as Params<T>.
template <class T>
Params<T> params_from(double b, const py::object& w, std::size_t d);

// A copy of w as a 1-D numpy array of T.
template <class T>
py::array_t<T> to_array(const std::vector<T>& w);

}  // namespace descent::python
