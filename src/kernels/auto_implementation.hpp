// `auto`: single-thread SIMD for small n, where starting threads costs more than it saves,
// threads above the measured crossover.
#pragma once

#include "descent/registry.hpp"

namespace descent::detail {

class AutoImplementation final : public Implementation {
public:
    std::string_view name() const override { return "auto"; }
    std::string_view description() const override {
        return "simd below the crossover n (DESCENT_AUTO_CROSSOVER), simd_omp from it up";
    }
    bool supported() const override { return true; }
    bool threaded() const override { return true; }
    void predict(const DatasetView<float>& d, const Params<float>& p, std::span<float> out) const override { auto_choice(d.n).predict(d, p, out); }
    void predict(const DatasetView<double>& d, const Params<double>& p, std::span<double> out) const override { auto_choice(d.n).predict(d, p, out); }
    float mse(const DatasetView<float>& d, const Params<float>& p) const override { return auto_choice(d.n).mse(d, p); }
    double mse(const DatasetView<double>& d, const Params<double>& p) const override { return auto_choice(d.n).mse(d, p); }
    void gradient(const DatasetView<float>& d, const Params<float>& p, Gradient<float>& g) const override { auto_choice(d.n).gradient(d, p, g); }
    void gradient(const DatasetView<double>& d, const Params<double>& p, Gradient<double>& g) const override { auto_choice(d.n).gradient(d, p, g); }
    float loss_and_gradient(const DatasetView<float>& d, const Params<float>& p, Gradient<float>& g) const override { return auto_choice(d.n).loss_and_gradient(d, p, g); }
    double loss_and_gradient(const DatasetView<double>& d, const Params<double>& p, Gradient<double>& g) const override { return auto_choice(d.n).loss_and_gradient(d, p, g); }
    float descend(const DatasetView<float>& d, Params<float>& p, double lr, Gradient<float>& g) const override { return auto_choice(d.n).descend(d, p, lr, g); }
    double descend(const DatasetView<double>& d, Params<double>& p, double lr, Gradient<double>& g) const override { return auto_choice(d.n).descend(d, p, lr, g); }
};

}  // namespace descent::detail
