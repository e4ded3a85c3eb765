// The Python module `descent._descent` (the package `descent` re-exports it): the registry,
// the kernels of an implementation on numpy arrays (kernel_methods.cpp), and fit. Kernels run with the GIL
// released; the library's exceptions become ValueError / TypeError / RuntimeError with its words.
#include <pybind11/functional.h>
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <algorithm>
#include <chrono>
#include <memory>
#include <type_traits>
#include <optional>
#include <string>
#include <variant>

#include "arrays.hpp"
#include "dataset.hpp"
#include "kernel_methods.hpp"
#include "descent/fit.hpp"
#include "descent/isa.hpp"
#include "descent/machine.hpp"
#include "descent/registry.hpp"
#include "descent/scaler.hpp"
#include "descent/threads.hpp"
#include "descent/version.h"

namespace descent::python {

namespace {

template <class T>
py::object run_fit(const Implementation& impl, const DatasetView<T>& train, const std::optional<PyDataset>& validation,
                   const FitOptions& options, bool standardize, double b, const py::object& w, const py::object& callback) {
    std::optional<StandardScaler> scaler;
    Dataset<T> scaled_train, scaled_validation;
    DatasetView<T> train_view = train, validation_view{};
    if (validation) {
        const std::optional<DatasetView<T>> v = validation->view_as<T>();
        if (!v) throw py::type_error("the validation arrays must have the training arrays' dtype");
        validation_view = *v;
    }
    if (validation && validation_view.d != train.d)
        throw py::value_error("the validation X has " + std::to_string(validation_view.d) + " features, the training X " +
                              std::to_string(train.d));
    if (standardize) {
        scaler = StandardScaler::fit(train);
        scaled_train = scaler->transform(train);
        train_view = scaled_train.view();
        if (validation) {
            scaled_validation = scaler->transform(validation_view);
            validation_view = scaled_validation.view();
        }
    }
    const auto original = [&](const Params<T>& p) { return scaler ? scaler->to_original_units(p) : p; };
    Params<T> initial = params_from<T>(b, w.is_none() ? py::cast(std::vector<double>(train.d, 0.0)) : w, train.d);
    if (scaler) initial = scaler->to_standardized_units(initial);  // they are given in the original units
    std::vector<EpochCallback<T>> callbacks;
    std::optional<py::error_already_set> raised;
    if (!callback.is_none())
        callbacks.push_back([&](const EpochReport<T>& r) {
            py::gil_scoped_acquire acquire;
            try {
                const Params<T> p = original(r.params);
                const py::object validation_loss = r.losses.validation_loss ? py::object(py::float_(*r.losses.validation_loss)) : py::none();
                const py::object keep_going =
                    callback(r.losses.epoch, r.losses.train_loss, validation_loss, static_cast<double>(p.b), to_array(p.w));
                return !(keep_going.is(py::bool_(false)));
            } catch (py::error_already_set& e) {
                raised = std::move(e);
                return false;
            }
        });
    FitResult<T> result;
    {
        py::gil_scoped_release release;
        result = fit(impl, train_view, validation_view, initial, options, callbacks);
    }
    if (raised) throw std::move(*raised);
    const Params<T> p = original(result.params);
    py::array_t<double> train_loss(static_cast<py::ssize_t>(result.history.size()));
    py::array_t<double> validation_loss(static_cast<py::ssize_t>(result.history.size()));
    for (std::size_t e = 0; e < result.history.size(); ++e) {
        train_loss.mutable_at(e) = result.history[e].train_loss;
        validation_loss.mutable_at(e) = result.history[e].validation_loss.value_or(std::nan(""));
    }
    return py::module_::import("types").attr("SimpleNamespace")(
        py::arg("b") = static_cast<double>(p.b), py::arg("w") = to_array(p.w), py::arg("epochs_run") = result.epochs_run,
        py::arg("stop_reason") = to_string(result.stop_reason), py::arg("message") = result.message,
        py::arg("train_loss") = train_loss, py::arg("val_loss") = validation ? py::object(validation_loss) : py::none(),
        py::arg("implementation") = std::string(impl.runs_for(train).name()));
}

}  // namespace

}  // namespace descent::python

PYBIND11_MODULE(_descent, m) {
    using namespace descent;
    using namespace descent::python;
    m.doc() = "descent: batch gradient descent kernels for linear regression (C++), on numpy arrays";
    m.attr("__version__") = std::string(version());

    m.def("implementations", [] {
        py::list out;
        for (const Implementation* impl : all_implementations())
            out.append(py::dict(py::arg("name") = std::string(impl->name()),
                                py::arg("description") = std::string(impl->description()),
                                py::arg("supported") = impl->supported(), py::arg("threaded") = impl->threaded()));
        return out;
    }, "Every implementation: name, description, supported here, threaded.");
    m.def("info", [] {
        return py::dict(py::arg("version") = std::string(version()), py::arg("cpu") = cpu_model(),
                        py::arg("simd_isa") = std::string(to_string(simd_isa())), py::arg("threads") = openmp_threads(),
                        py::arg("auto_crossover_bytes") = auto_crossover_bytes(),
                        py::arg("default_implementation") = std::string(default_implementation().name()));
    }, "The CPU, the instruction set `simd` dispatches to, OpenMP threads, auto's crossover.");

    py::class_<PyDataset>(m, "Dataset", "X (n, d) or (n,) and y (n,), float32 or float64, as the kernels read them: "
                                        "in place when X is column-major (Fortran order) or has one feature, else copied once.")
        .def(py::init([](const py::array& x, const py::array& y) { return PyDataset(x, y); }), py::arg("X"), py::arg("y"))
        .def_property_readonly("n", &PyDataset::n)
        .def_property_readonly("d", &PyDataset::d)
        .def_property_readonly("dtype", &PyDataset::dtype)
        .def_property_readonly("copied", &PyDataset::copied, "Whether X or y had to be copied")
        .def("feature_address", &PyDataset::feature_address, py::arg("j") = 0,
             "The address of feature j's first value (the array's own memory unless copied)");

    py::class_<PyImplementation> impl(m, "Implementation", "One implementation of the kernels, by name (see implementations()).");
    impl.def(py::init([](const std::string& name, std::optional<int> threads) {
                 const Implementation& found = find_implementation(name);
                 if (!threads) return PyImplementation{&found, nullptr};
                 std::shared_ptr<const Implementation> limited = with_threads(found, *threads);
                 return PyImplementation{limited.get(), limited};
             }),
             py::arg("name") = "auto", py::arg("threads") = py::none(),
             "threads: at most this many OpenMP threads for this object's calls, whatever OpenMP's default "
             "(which another library, PyTorch for one, may have set to 1 in this thread).")
        .def_property_readonly("name", [](const PyImplementation& s) { return std::string(s.impl->name()); })
        .def_property_readonly("description", [](const PyImplementation& s) { return std::string(s.impl->description()); })
        .def_property_readonly("threaded", [](const PyImplementation& s) { return s.impl->threaded(); })
        .def("__repr__", [](const PyImplementation& s) { return "descent.Implementation('" + std::string(s.impl->name()) + "')"; });
    add_kernel_methods(impl);

    // For scripts/peers.py: the same descend calls in a C++ loop in this process, on the same
    // arrays, so the cost of calling from Python is measured apart from the machine's noise.
    m.def(
        "_seconds_per_descend",
        [](const PyImplementation& self, const py::array& x, const py::array& y, double b, const py::object& w, double lr,
           std::size_t calls) {
            return with_arrays(x, y, [&](const auto& v) {
                using T = std::remove_cv_t<std::remove_pointer_t<decltype(v.x)>>;
                Params<T> p = params_from<T>(b, w, v.d);
                Gradient<T> g;
                std::chrono::duration<double> elapsed{};
                {
                    py::gil_scoped_release release;
                    const auto start = std::chrono::steady_clock::now();
                    for (std::size_t c = 0; c < calls; ++c) self.impl->descend(v, p, lr, g);
                    elapsed = std::chrono::steady_clock::now() - start;
                }
                return py::object(py::float_(elapsed.count() / static_cast<double>(std::max<std::size_t>(calls, 1))));
            });
        },
        py::arg("implementation"), py::arg("X"), py::arg("y"), py::arg("b"), py::arg("w"), py::arg("lr"), py::arg("calls"));

    m.def(
        "fit",
        [](const py::array& x, const py::array& y, double lr, std::size_t epochs, std::size_t batch_size,
           std::optional<double> tolerance, bool standardize, std::optional<std::pair<py::array, py::array>> val,
           const py::object& callback, const std::string& implementation, double b, const py::object& w, std::uint64_t seed,
           const std::string& method) {
            const Implementation& impl = find_implementation(implementation);
            FitOptions options;
            if (method == "statistics")
                options.method = FitMethod::sufficient_statistics;
            else if (method != "pass")
                throw py::value_error("method must be 'pass' (a pass over the rows each epoch) or 'statistics' (the data's "
                                      "sufficient statistics, one pass, then O(d^2) an epoch), got '" + method + "'");
            options.learning_rate = lr;
            options.epochs = epochs;
            options.batch_size = batch_size;
            options.tolerance = tolerance;
            options.seed = seed;
            std::optional<PyDataset> validation;
            if (val) validation.emplace(val->first, val->second);
            return with_arrays(x, y, [&](const auto& v) {
                return run_fit(impl, v, validation, options, standardize, b, w, callback);
            });
        },
        py::arg("X"), py::arg("y"), py::arg("lr") = 0.1, py::arg("epochs") = 1000, py::arg("batch_size") = 0,
        py::arg("tolerance") = py::none(), py::arg("standardize") = false, py::arg("val") = py::none(),
        py::arg("callback") = py::none(), py::arg("implementation") = "auto", py::arg("b") = 0.0, py::arg("w") = py::none(),
        py::arg("seed") = 42, py::arg("method") = "pass",
        "Gradient descent from (b, w) (zeros by default). callback(epoch, train_loss, val_loss, b, w) after every "
        "epoch; returning False stops. method='statistics': full-batch epochs from the data's sufficient statistics. "
        "Returns a namespace: b, w, epochs_run, stop_reason, message, train_loss, val_loss (arrays), implementation.");
}

