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

class RowKernelImplementation final : public ImplementationOf<RowKernelImplementation> {
public:
    explicit constexpr RowKernelImplementation(ImplementationInfo info) : info_(info) {}

    // Defined out of line on purpose: the key function puts the vtable, and with it the float
    // and double overrides of ImplementationOf, in row_kernel_implementation.cpp, where the
    // run_ templates are defined and can be inlined into them.
    std::string_view name() const override;
    std::string_view description() const override { return info_.description; }
    bool supported() const override { return !info_.requires_isa || simd_isa() >= *info_.requires_isa; }
    bool threaded() const override { return info_.threaded; }

    template <class T, class P = parameter_t<T>>
    void run_predict(const DatasetView<T>& data, const Params<P>& params, std::span<P> out) const;
    template <class T, class P = parameter_t<T>>
    P run_mse(const DatasetView<T>& data, const Params<P>& params) const { return reduce<T, P>(data, params, nullptr); }
    template <class T, class P = parameter_t<T>>
    void run_gradient(const DatasetView<T>& data, const Params<P>& params, Gradient<P>& out) const { reduce<T, P>(data, params, &out); }
    template <class T, class P = parameter_t<T>>
    P run_loss_and_gradient(const DatasetView<T>& data, const Params<P>& params, Gradient<P>& out) const { return reduce<T, P>(data, params, &out); }
    template <class T, class P = parameter_t<T>>
    P run_descend(const DatasetView<T>& data, Params<P>& params, double learning_rate, Gradient<P>& out) const;
    template <class T, class P = parameter_t<T>>
    void run_pass_sums(const DatasetView<T>& rows, const Params<P>& params, PassSums& out) const {
        accumulate<T>(rows, params, true, false, out);
    }

    template <class T>
    SufficientStatistics run_statistics(const DatasetView<T>& data) const;

private:
    template <class T, class P = parameter_t<T>>
    void accumulate(const DatasetView<T>& data, const Params<P>& params, bool with_gradient, bool on_threads,
                    PassSums& sums) const;
    template <class T, class P = parameter_t<T>>
    const PassSums& epoch_sums(const DatasetView<T>& data, const Params<P>& params, bool with_gradient) const;
    template <class T, class P = parameter_t<T>>
    P reduce(const DatasetView<T>& data, const Params<P>& params, Gradient<P>* gradient) const;

    ImplementationInfo info_;
};

}  // namespace descent::detail
