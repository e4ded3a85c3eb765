// Each kernel method is a METH_FASTCALL function of CPython's rather than a pybind11 def:
// pybind11's dispatcher alone takes about 0.25 µs a call, longer than a whole epoch on 2^10
// rows (docs/optimization-notes.md). The checks, the library's words and the exception types
// stay the module's: errors go through pybind11's own translation.
#include "kernel_methods.hpp"

#include <algorithm>
#include <array>
#include <cstring>
#include <optional>
#include <span>
#include <string>

#include "dataset.hpp"

namespace descent::python {

namespace {

// Below this many values a kernel takes less time than handing the GIL back and forth.
constexpr std::size_t gil_release_values = 16384;

// Runs kernel() on `view`'s data, without the GIL when the call is long enough to matter; no
// Python object may be touched inside. Returns what the kernel returns.
template <class T, class Kernel>
auto without_gil(const DatasetView<T>& view, Kernel kernel) {
    std::optional<py::gil_scoped_release> release;
    if (view.n * view.d >= gil_release_values) release.emplace();
    return kernel();
}

// The kernels on one view of the data, each returning its method's Python value.
struct Predict {
    static constexpr const char* name = "predict";
    static constexpr bool takes_y = false, takes_lr = false;
    static constexpr const char* doc =
        "predict($self, X, b, w)\n--\n\nb + X w for every row. X may also be a descent.Dataset: predict(data, b, w).";
    template <class T>
    static py::object run(const Implementation& impl, const DatasetView<T>& v, double b, const py::object& w, double) {
        const Params<T> p = params_from<T>(b, w, v.d);
        py::array_t<T> out(static_cast<py::ssize_t>(v.n));
        const std::span<T> values(out.mutable_data(), v.n);
        without_gil(v, [&] { impl.predict(v, p, values); });
        return out;
    }
};

struct Mse {
    static constexpr const char* name = "mse";
    static constexpr bool takes_y = true, takes_lr = false;
    static constexpr const char* doc =
        "mse($self, X, y, b, w)\n--\n\nThe mean squared error of b + X w against y. Also mse(data, b, w) on a "
        "descent.Dataset.";
    template <class T>
    static py::object run(const Implementation& impl, const DatasetView<T>& v, double b, const py::object& w, double) {
        const Params<T> p = params_from<T>(b, w, v.d);
        return py::float_(without_gil(v, [&] { return impl.mse(v, p); }));
    }
};

struct GradientOf {
    static constexpr const char* name = "gradient";
    static constexpr bool takes_y = true, takes_lr = false;
    static constexpr const char* doc =
        "gradient($self, X, y, b, w)\n--\n\n(d mse/db, d mse/dw). Also gradient(data, b, w) on a descent.Dataset.";
    template <class T>
    static py::object run(const Implementation& impl, const DatasetView<T>& v, double b, const py::object& w, double) {
        const Params<T> p = params_from<T>(b, w, v.d);
        Gradient<T> g;
        without_gil(v, [&] { impl.gradient(v, p, g); });
        return py::make_tuple(static_cast<double>(g.db), to_array(g.dw));
    }
};

struct LossAndGradient {
    static constexpr const char* name = "loss_and_gradient";
    static constexpr bool takes_y = true, takes_lr = false;
    static constexpr const char* doc =
        "loss_and_gradient($self, X, y, b, w)\n--\n\n(mse, d mse/db, d mse/dw) in one pass. Also "
        "loss_and_gradient(data, b, w) on a descent.Dataset.";
    template <class T>
    static py::object run(const Implementation& impl, const DatasetView<T>& v, double b, const py::object& w, double) {
        const Params<T> p = params_from<T>(b, w, v.d);
        Gradient<T> g;
        const T loss = without_gil(v, [&] { return impl.loss_and_gradient(v, p, g); });
        return py::make_tuple(static_cast<double>(loss), static_cast<double>(g.db), to_array(g.dw));
    }
};

struct Descend {
    static constexpr const char* name = "descend";
    static constexpr bool takes_y = true, takes_lr = true;
    static constexpr const char* doc =
        "descend($self, X, y, b, w, lr)\n--\n\nOne full-batch epoch: (the mse before the step, the new b, the new w). "
        "Also descend(data, b, w, lr) on a descent.Dataset.";
    template <class T>
    static py::object run(const Implementation& impl, const DatasetView<T>& v, double b, const py::object& w, double lr) {
        Params<T> p = params_from<T>(b, w, v.d);
        Gradient<T> g;
        const T loss = without_gil(v, [&] { return impl.descend(v, p, lr, g); });
        return py::make_tuple(static_cast<double>(loss), static_cast<double>(p.b), to_array(p.w));
    }
};

// A method's parameter names: the data (X and perhaps y, or one descent.Dataset), b, w, perhaps lr.
struct Signature {
    std::array<const char*, 5> names{};
    std::size_t size = 0;
    std::size_t data_arguments = 0;  // where b is

    constexpr Signature(bool on_dataset, bool takes_y, bool takes_lr) {
        if (on_dataset) {
            names[size++] = "data";
        } else {
            names[size++] = "X";
            if (takes_y) names[size++] = "y";
        }
        data_arguments = size;
        names[size++] = "b";
        names[size++] = "w";
        if (takes_lr) names[size++] = "lr";
    }
};

// The arguments of a call, in the signature's order, from positions then keywords; a missing,
// repeated or unknown one raises TypeError.
class Arguments {
public:
    Arguments(const char* method, const Signature& signature, PyObject* const* args, Py_ssize_t nargs, PyObject* kwnames) {
        if (static_cast<std::size_t>(nargs) > signature.size)
            fail(method, "takes " + std::to_string(signature.size) + " arguments but " + std::to_string(nargs) + " were given");
        std::copy(args, args + nargs, values_.begin());
        const Py_ssize_t keywords = kwnames ? PyTuple_GET_SIZE(kwnames) : 0;
        for (Py_ssize_t k = 0; k < keywords; ++k) {
            const char* keyword = PyUnicode_AsUTF8(PyTuple_GET_ITEM(kwnames, k));
            if (!keyword) throw py::error_already_set();
            const auto* end = signature.names.begin() + signature.size;
            const auto* found = std::find_if(signature.names.begin(), end, [&](const char* name) { return std::strcmp(name, keyword) == 0; });
            if (found == end) fail(method, std::string("got an unexpected keyword argument '") + keyword + "'");
            PyObject*& slot = values_[static_cast<std::size_t>(found - signature.names.begin())];
            if (slot) fail(method, std::string("got multiple values for argument '") + keyword + "'");
            slot = args[nargs + k];
        }
        for (std::size_t k = 0; k < signature.size; ++k)
            if (!values_[k]) fail(method, std::string("missing argument '") + signature.names[k] + "'");
    }
    PyObject* operator[](std::size_t k) const { return values_[k]; }

private:
    [[noreturn]] static void fail(const char* method, const std::string& what) {
        throw py::type_error(std::string(method) + "() " + what);
    }

    std::array<PyObject*, 5> values_{};
};

bool keyword_given(PyObject* kwnames, const char* name) {
    const Py_ssize_t keywords = kwnames ? PyTuple_GET_SIZE(kwnames) : 0;
    for (Py_ssize_t k = 0; k < keywords; ++k)
        if (PyUnicode_CompareWithASCIIString(PyTuple_GET_ITEM(kwnames, k), name) == 0) return true;
    return false;
}

double number(PyObject* value, const char* name) {
    const double x = PyFloat_AsDouble(value);
    if (x == -1.0 && PyErr_Occurred()) {
        PyErr_Clear();
        throw py::type_error(std::string(name) + " must be a number, got " + Py_TYPE(value)->tp_name);
    }
    return x;
}

py::array array(PyObject* value, const char* name) {
    if (!py::isinstance<py::array>(value))
        throw py::type_error(std::string(name) + " must be a numpy array (or X a descent.Dataset), got " +
                             Py_TYPE(value)->tp_name);
    return py::reinterpret_borrow<py::array>(value);
}

// Set by add_kernel_methods: descent.Dataset's type, checked by pointer.
PyTypeObject* dataset_type = nullptr;

// The C++ object inside an instance of a class bound by pybind11 without multiple inheritance:
// what py::cast finds after looking the type up by its name, which takes a tenth of a call.
template <class T>
const T& bound_object(PyObject* instance) {
    const auto* object = reinterpret_cast<py::detail::instance*>(instance)->get_value_and_holder().value_ptr<T>();
    if (!object) throw py::type_error(std::string(Py_TYPE(instance)->tp_name) + " object was not initialized");
    return *object;
}

// Implementation.<Kernel::name>(X[, y], b, w[, lr]) or (data, b, w[, lr]).
template <class Kernel>
PyObject* kernel_method(PyObject* self, PyObject* const* args, Py_ssize_t nargs, PyObject* kwnames) noexcept {
    try {
        const Implementation& impl = *bound_object<PyImplementation>(self).impl;  // CPython checked self's type
        const bool on_dataset =
            (nargs > 0 && PyObject_TypeCheck(args[0], dataset_type)) || (nargs == 0 && keyword_given(kwnames, "data"));
        const Signature signature(on_dataset, Kernel::takes_y, Kernel::takes_lr);
        const Arguments a(Kernel::name, signature, args, nargs, kwnames);
        const std::size_t k = signature.data_arguments;
        const double b = number(a[k], "b");
        const auto w = py::reinterpret_borrow<py::object>(a[k + 1]);
        const double lr = Kernel::takes_lr ? number(a[k + 2], "lr") : 0.0;
        const auto run = [&](const auto& view) { return Kernel::run(impl, view, b, w, lr); };
        py::object result;
        if (on_dataset) {
            if (!PyObject_TypeCheck(a[0], dataset_type))
                throw py::type_error(std::string("data must be a descent.Dataset, got ") + Py_TYPE(a[0])->tp_name);
            result = bound_object<PyDataset>(a[0]).visit(run);
        } else {
            result = with_arrays(array(a[0], "X"), Kernel::takes_y ? std::optional(array(a[1], "y")) : std::nullopt, run);
        }
        return result.release().ptr();
    } catch (...) {
        py::detail::translate_exception(std::current_exception());
        return nullptr;
    }
}

template <class Kernel>
void add_method(py::class_<PyImplementation>& cls) {
    static PyMethodDef method{Kernel::name, reinterpret_cast<PyCFunction>(reinterpret_cast<void (*)()>(&kernel_method<Kernel>)),
                              METH_FASTCALL | METH_KEYWORDS, Kernel::doc};
    PyObject* descriptor = PyDescr_NewMethod(reinterpret_cast<PyTypeObject*>(cls.ptr()), &method);
    if (!descriptor) throw py::error_already_set();
    py::setattr(cls, Kernel::name, py::reinterpret_steal<py::object>(descriptor));
}

}  // namespace

void add_kernel_methods(py::class_<PyImplementation>& cls) {
    dataset_type = reinterpret_cast<PyTypeObject*>(py::type::of<PyDataset>().ptr());
    add_method<Predict>(cls);
    add_method<Mse>(cls);
    add_method<GradientOf>(cls);
    add_method<LossAndGradient>(cls);
    add_method<Descend>(cls);
}

}  // namespace descent::python
