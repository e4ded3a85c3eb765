// The one Implementation class: a name, a CPU check and a table of row loops. The checks, the
// means and (for threaded implementations) the split into fixed chunks live here once.
#pragma once

#include <optional>
#include <string_view>

#include "descent/implementation.hpp"
#include "descent/isa.hpp"
#include "row_kernels.hpp"

namespace descent::detail {

struct ImplementationInfo {
    std::string_view name;
    std::string_view description;
    // The row loops to run; a function so that `simd` can pick them once DESCENT_MAX_ISA is read.
    const RowKernelTable& (*kernels)();
    bool threaded;
    // What the loops need to know of the machine, from the layer that knows it.
    const LoopOptions& (*options)();
    // Runs only where `simd` may dispatch to this instruction set (the CPU and DESCENT_MAX_ISA).
    std::optional<Isa> requires_isa = std::nullopt;
};

class RowKernelImplementation final : public Implementation {
public:
    explicit constexpr RowKernelImplementation(ImplementationInfo info) : info_(info) {}

    std::string_view name() const override { return info_.name; }
    std::string_view description() const override { return info_.description; }
    bool supported() const override { return !info_.requires_isa || simd_isa() >= *info_.requires_isa; }
    bool threaded() const override { return info_.threaded; }

    void predict(const DatasetView<float>& data, const Params<float>& params, std::span<float> out) const override;
    void predict(const DatasetView<double>& data, const Params<double>& params, std::span<double> out) const override;
    float mse(const DatasetView<float>& data, const Params<float>& params) const override;
    double mse(const DatasetView<double>& data, const Params<double>& params) const override;
    void gradient(const DatasetView<float>& data, const Params<float>& params, Gradient<float>& out) const override;
    void gradient(const DatasetView<double>& data, const Params<double>& params, Gradient<double>& out) const override;
    float loss_and_gradient(const DatasetView<float>& data, const Params<float>& params, Gradient<float>& out) const override;
    double loss_and_gradient(const DatasetView<double>& data, const Params<double>& params, Gradient<double>& out) const override;
    float descend(const DatasetView<float>& data, Params<float>& params, double learning_rate, Gradient<float>& out) const override;
    double descend(const DatasetView<double>& data, Params<double>& params, double learning_rate, Gradient<double>& out) const override;
    void pass_sums(const DatasetView<float>& rows, const Params<float>& params, PassSums& out) const override;
    void pass_sums(const DatasetView<double>& rows, const Params<double>& params, PassSums& out) const override;

private:
    template <class T>
    const RowKernels<T>& rows() const;
    template <class T>
    void predict_impl(const DatasetView<T>& data, const Params<T>& params, std::span<T> out) const;
    template <class T>
    void accumulate(const DatasetView<T>& data, const Params<T>& params, bool with_gradient, bool on_threads,
                    PassSums& sums) const;
    template <class T>
    const PassSums& epoch_sums(const DatasetView<T>& data, const Params<T>& params, bool with_gradient) const;
    template <class T>
    T reduce(const DatasetView<T>& data, const Params<T>& params, Gradient<T>* gradient) const;
    template <class T>
    T descend_impl(const DatasetView<T>& data, Params<T>& params, double learning_rate, Gradient<T>& out) const;

    ImplementationInfo info_;
};

}  // namespace descent::detail
