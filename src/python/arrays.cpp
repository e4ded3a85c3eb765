#include "arrays.hpp"

#include <algorithm>
#include <cmath>
#include <string>

namespace descent::python {

namespace {

std::string shape_of(const py::array& a) {
    std::string text = "(";
    for (py::ssize_t k = 0; k < a.ndim(); ++k) text += (k ? ", " : "") + std::to_string(a.shape(k));
    return text + (a.ndim() == 1 ? ",)" : ")");
}

const char* dtype_name(std::size_t bytes) { return bytes == 4 ? "float32" : "float64"; }

}  // namespace

template <class T>
ArrayData<T>::ArrayData(const py::array& x, const std::optional<py::array>& y) : x_(x), y_(y) {
    if (!holds<T>(x) || (y && !holds<T>(*y)))
        throw py::type_error(std::string("X and y must both be ") + dtype_name(sizeof(T)) + " arrays, got " +
                             std::string(py::str(x.dtype())) + (y ? " and " + std::string(py::str(y->dtype())) : std::string()));
    if (x.ndim() != 1 && x.ndim() != 2) throw py::value_error("X must have shape (n, d) or (n,), got " + shape_of(x));
    const auto n = static_cast<std::size_t>(x.shape(0));
    const std::size_t d = x.ndim() == 2 ? static_cast<std::size_t>(x.shape(1)) : 1;
    if (y && y->ndim() != 1) throw py::value_error("y must have shape (n,), got " + shape_of(*y));
    if (y && static_cast<std::size_t>(y->shape(0)) != n)
        throw py::value_error("X has " + std::to_string(n) + " rows but y has " + std::to_string(y->shape(0)));
    if (n == 0) throw py::value_error("X has no rows (n = 0)");
    if (d == 0) throw py::value_error("X has no features (d = 0)");
    const py::ssize_t item = sizeof(T);
    // A column per feature in place: rows one item apart, features n items apart.
    const bool x_columns =
        x.strides(0) == item && (x.ndim() == 1 || d == 1 || x.strides(1) == item * static_cast<py::ssize_t>(n));
    const bool y_contiguous = !y || y->strides(0) == item;
    view_ = {static_cast<const T*>(x.data()), y ? static_cast<const T*>(y->data()) : nullptr, n, d, n};
    if (x_columns && y_contiguous) return;
    copied_ = true;
    copy_.resize(n, d);
    const char* x_bytes = static_cast<const char*>(x.data());
    const py::ssize_t feature_stride = x.ndim() == 2 ? x.strides(1) : 0;
    for (std::size_t j = 0; j < d; ++j)
        for (std::size_t i = 0; i < n; ++i)
            copy_.column(j)[i] = *reinterpret_cast<const T*>(x_bytes + static_cast<py::ssize_t>(i) * x.strides(0) +
                                                              static_cast<py::ssize_t>(j) * feature_stride);
    if (y) {
        const char* y_bytes = static_cast<const char*>(y->data());
        for (std::size_t i = 0; i < n; ++i)
            copy_.y[i] = *reinterpret_cast<const T*>(y_bytes + static_cast<py::ssize_t>(i) * y->strides(0));
    }
    view_ = copy_.view();
    if (!y) view_.y = nullptr;
}

template <class T>
Params<T> params_from(double b, const py::object& w, std::size_t d) {
    Params<T> p{static_cast<T>(b), {}};
    if (py::isinstance<py::float_>(w) || py::isinstance<py::int_>(w)) {
        p.w.push_back(static_cast<T>(w.cast<double>()));
    } else if (holds<T>(w) && py::reinterpret_borrow<py::array>(w).ndim() == 1) {
        const auto values = py::reinterpret_borrow<py::array_t<T>>(w);  // the common case, without a conversion
        for (py::ssize_t j = 0; j < values.shape(0); ++j) p.w.push_back(values.at(j));
    } else {
        const auto values = py::array_t<double, py::array::forcecast>::ensure(w);
        if (!values || values.ndim() != 1)
            throw py::type_error("w must be a number (d = 1) or a 1-D array of d numbers");
        for (py::ssize_t j = 0; j < values.shape(0); ++j) p.w.push_back(static_cast<T>(values.at(j)));
    }
    if (p.w.size() != d)
        throw py::value_error("w has " + std::to_string(p.w.size()) + " values but X has d = " + std::to_string(d) + " features");
    return p;
}

template <class T>
py::array_t<T> to_array(const std::vector<T>& w) {
    // numpy's constructor called directly: py::array_t's own takes three times as long, a
    // fifth of a whole kernel call from Python at small n.
    const auto& api = py::detail::npy_api::get();
    const auto size = static_cast<Py_intptr_t>(w.size());
    PyObject* out = api.PyArray_NewFromDescr_(api.PyArray_Type_, api.PyArray_DescrFromType_(py::detail::npy_format_descriptor<T>::value),
                                              1, &size, nullptr, nullptr, 0, nullptr);
    if (!out) throw py::error_already_set();
    std::copy(w.begin(), w.end(), reinterpret_cast<T*>(py::detail::array_proxy(out)->data));
    return py::reinterpret_steal<py::array_t<T>>(out);
}

template class ArrayData<float>;
template class ArrayData<double>;
template Params<float> params_from(double, const py::object&, std::size_t);
template Params<double> params_from(double, const py::object&, std::size_t);
template py::array_t<float> to_array(const std::vector<float>&);
template py::array_t<double> to_array(const std::vector<double>&);

}  // namespace descent::python
