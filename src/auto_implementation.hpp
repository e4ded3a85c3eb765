// `auto`: single-thread SIMD for small tables, where starting threads costs more than it saves,
// threads from the crossover measured on this machine.
#pragma once

#include "descent/registry.hpp"
#include "kernels/forwarding_implementation.hpp"

namespace descent::detail {

class AutoImplementation final : public ForwardingImplementation {
public:
    AutoImplementation() : ForwardingImplementation(0) {}
    std::string_view name() const override { return "auto"; }
    std::string_view description() const override {
        return "simd for tables below the crossover size (measured here, or DESCENT_AUTO_CROSSOVER_BYTES), simd_omp from it up";
    }
    bool supported() const override { return true; }
    bool threaded() const override { return true; }

private:
    const Implementation& target(std::size_t n, std::size_t row_bytes) const override { return auto_choice(n, row_bytes); }
};

}  // namespace descent::detail
