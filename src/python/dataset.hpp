// descent.Dataset: X and y as the kernels read them, made once for a training loop (in place
// when X is column-major or has one feature, else copied once into descent's layout).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <variant>

#include "arrays.hpp"

namespace descent::python {

class PyDataset {
public:
    PyDataset(const py::array& x, const std::optional<py::array>& y) {
        if (holds<float>(x))
            data_ = std::make_shared<ArrayData<float>>(x, y);
        else
            data_ = std::make_shared<ArrayData<double>>(x, y);
    }
    template <class F>
    py::object visit(F&& f) const {
        return std::visit([&](const auto& data) { return f(data->view()); }, data_);
    }
    template <class T>
    std::optional<DatasetView<T>> view_as() const {
        if (const auto* data = std::get_if<std::shared_ptr<ArrayData<T>>>(&data_)) return (*data)->view();
        return std::nullopt;
    }
    bool copied() const {
        return std::visit([](const auto& data) { return data->copied(); }, data_);
    }
    std::size_t n() const {
        return std::visit([](const auto& data) { return data->view().n; }, data_);
    }
    std::size_t d() const {
        return std::visit([](const auto& data) { return data->view().d; }, data_);
    }
    std::string dtype() const { return std::holds_alternative<std::shared_ptr<ArrayData<float>>>(data_) ? "float32" : "float64"; }
    // Where feature j's first value lies: the array's own memory unless copied.
    std::uintptr_t feature_address(std::size_t j) const {
        return std::visit([&](const auto& data) { return reinterpret_cast<std::uintptr_t>(data->view().feature(j)); }, data_);
    }

private:
    std::variant<std::shared_ptr<ArrayData<float>>, std::shared_ptr<ArrayData<double>>> data_;
};

}  // namespace descent::python
