// The kernels as methods of descent.Implementation: predict, mse, gradient, loss_and_gradient
// and descend, each on (X, y) numpy arrays or on a descent.Dataset.
#pragma once

#include <memory>

#include "arrays.hpp"
#include "descent/implementation.hpp"

namespace descent::python {

// descent.Implementation: a registered implementation, or with_threads' object that it owns.
struct PyImplementation {
    const Implementation* impl;
    std::shared_ptr<const Implementation> owned;
};

void add_kernel_methods(py::class_<PyImplementation>& cls);

}  // namespace descent::python
