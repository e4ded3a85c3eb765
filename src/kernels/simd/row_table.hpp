// The SIMD row loops of one xsimd arch as a RowKernelTable: predict, the accumulate that picks
// the register loop for small d and the streaming loop otherwise, and the statistics. Each
// per-ISA translation unit instantiates simd_row_table<Arch>(storage16) with its own compiler
// flags, its _storage16 twin the 16-bit entries.
#pragma once

#include <array>
#include <cstddef>
#include <utility>

#include "../kernel_tables.hpp"
#include "predict.hpp"
#include "register_loops.hpp"
#include "statistics_loop.hpp"
#include "streaming_loop.hpp"

namespace descent::detail {
namespace {

template <class Rows, class T = typename Rows::value_type>
using AccumulateRows = void (*)(const Rows& rows, T b, const T* w, CompensatedSum* sums);

// The loop for each d from 1 to sizeof...(D), indexed by d - 1, asking ahead as
// register_loop_prefetch says for its step (the same loop as without where it says none).
template <class Arch, class Rows, bool WithGradient, Prefetch P, std::size_t... D>
constexpr std::array<AccumulateRows<Rows>, sizeof...(D)> few_features_table(std::index_sequence<D...>) {
    using B = xsimd::batch<typename Rows::value_type, Arch>;
    return {&simd_accumulate_few_features<
        Arch, D + 1, WithGradient,
        register_loop_prefetch(P, FewFeatureSums<B, D + 1, WithGradient, Prefetch::none>::rows_per_step * Rows::value_bytes),
        Rows>...};
}

// The pass over the rows of `rows` (a MemoryRows for the kernels, RegisterRows for the
// compute roof): the register loop for small d, the streaming loop otherwise.
template <class Arch, class Rows, class T = typename Rows::value_type>
void simd_accumulate(const Rows& rows, T b, const T* w, bool with_gradient, CompensatedSum* sums, const LoopOptions& options) {
    const bool far = prefetch_for(rows.table_bytes(), options) == Prefetch::far_ahead;
    if (rows.d() <= kRegisterFeatures<Arch, T>) {
        constexpr auto features = std::make_index_sequence<kRegisterFeatures<Arch, T>>();
        static constexpr auto with = few_features_table<Arch, Rows, true, Prefetch::none>(features);
        static constexpr auto without = few_features_table<Arch, Rows, false, Prefetch::none>(features);
        constexpr Prefetch ahead = Rows::from_memory ? Prefetch::far_ahead : Prefetch::none;
        static constexpr auto with_far = few_features_table<Arch, Rows, true, ahead>(features);
        static constexpr auto without_far = few_features_table<Arch, Rows, false, ahead>(features);
        const auto& table = with_gradient ? (far ? with_far : with) : (far ? without_far : without);
        table[rows.d() - 1](rows, b, w, sums);
        return;
    }
    if (with_gradient && far)
        simd_accumulate_features<Arch, true, Prefetch::far_ahead>(rows, b, w, sums);
    else if (with_gradient)
        simd_accumulate_features<Arch, true, Prefetch::none>(rows, b, w, sums);
    else if (far)
        simd_accumulate_features<Arch, false, Prefetch::far_ahead>(rows, b, w, sums);
    else
        simd_accumulate_features<Arch, false, Prefetch::none>(rows, b, w, sums);
}

// The entry points of the table: each kernel, then a clean exit.
template <class Arch, class T, class P = parameter_t<T>>
void predict_entry(const DatasetView<T>& data, P b, const P* w, P* out) {
    simd_predict<Arch, T>(data, b, w, out);
    leave_clean_upper_state<Arch>();
}
template <class Arch, class T, class P = parameter_t<T>>
void accumulate_entry(const DatasetView<T>& data, P b, const P* w, bool with_gradient, CompensatedSum* sums,
                      const LoopOptions& options) {
    simd_accumulate<Arch>(MemoryRows<T>{data}, b, w, with_gradient, sums, options);
    leave_clean_upper_state<Arch>();
}

template <class Arch, class T>
void statistics_entry(const DatasetView<T>& data, const double* shift, CompensatedSum* sums) {
    simd_statistics<Arch, T>(data, shift, sums);
    leave_clean_upper_state<Arch>();
}

template <class Arch, class T>
RowKernels<T> simd_row_kernels() {
    return {&predict_entry<Arch, T>, &accumulate_entry<Arch, T>, &statistics_entry<Arch, T>};
}

// The table of one arch: float and double from this translation unit, the 16-bit entries from
// its twin (storage16_tables.hpp).
template <class Arch>
RowKernelTable simd_row_table(const Storage16Kernels& storage16) {
    return {simd_row_kernels<Arch, float>(), simd_row_kernels<Arch, double>(), storage16.bfloat16, storage16.half};
}

}  // namespace
}  // namespace descent::detail
