// numpy arrays as descent's data and parameters. X of shape (n, d) (or (n,) for one feature)
// is viewed in place when each feature is one contiguous column (Fortran order, or d = 1);
// a C-ordered X with d > 1 is copied once into descent's padded feature-major layout. Wrong
// types raise TypeError, wrong shapes and values ValueError, in the library's words.
#pragma once

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>

#include <bit>
#include <optional>

#include "descent/dataset.hpp"

namespace descent::python {

namespace py = pybind11;

// How numpy writes this machine's byte order when it does not write '='.
constexpr char native_byte_order = std::endian::native == std::endian::little ? '<' : '>';

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

// Whether `x` is an array of T values (float32 for float, float64 for double) in this machine's byte
// order. Read from the dtype's fields: numpy's PyArray_EquivTypes, which py::isinstance calls,
// goes through its casting tables and takes a tenth of a kernel call from Python.
template <class T>
bool holds(const py::handle& x) {
    if (!py::isinstance<py::array>(x)) return false;
    const auto* dtype = py::detail::array_descriptor_proxy(py::detail::array_proxy(x.ptr())->descr);
    return dtype->type_num == py::detail::npy_format_descriptor<T>::value && (dtype->byteorder == '=' || dtype->byteorder == native_byte_order);
}

// Runs f on the view of (X, y): float32 or float64 decides the kernels' type. On the stack:
// an allocation would be a tenth of a call from Python.
template <class F>
py::object with_arrays(const py::array& x, const std::optional<py::array>& y, F&& f) {
    if (holds<float>(x)) return f(ArrayData<float>(x, y).view());
    return f(ArrayData<double>(x, y).view());
}

// b as T, w (a number when d = 1, or a 1-D array of d numbers) as Params<T>.
template <class T>
Params<T> params_from(double b, const py::object& w, std::size_t d);

// A copy of w as a 1-D numpy array of T.
template <class T>
py::array_t<T> to_array(const std::vector<T>& w);

}  // namespace descent::python
