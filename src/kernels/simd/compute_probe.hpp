// The compute roof: the pass that descend runs on n rows of d features, with its rows taken
// from registers (RegisterRows) instead of memory. It is the kernel's own loop, so it issues the
// same additions, multiplications, FMAs and conversions per row, in the same shape for the
// same table size; nothing bounds it but the arithmetic. Not a kernel: it sits in the table of
// probes beside the read roofs (RoofProbes).
#pragma once

#include <cstddef>
#include <type_traits>
#include <vector>

#include "descent/compute_roof.hpp"
#include "row_table.hpp"

namespace descent::detail {
namespace {

// The pass with gradient as descend runs it on rows whose every value is kProbeValue (stored as
// T: rounded for 16-bit data), with b = 0 and every w_j = kProbeValue (compute_roof.hpp), and
// the sum of its sums. The rows that
// do not fill a step of the loop are left out (the kernel does them in scalar code). stride:
// the column stride of the table being modelled, which chooses the loop's shape.
template <class Arch, class T>
double compute_rows_entry(std::size_t n, std::size_t d, std::size_t stride, const LoopOptions& options) {
    using P = parameter_t<T>;
    T probe_value;
    if constexpr (is_storage16<T>)
        probe_value = to_storage16<T>(static_cast<float>(kProbeValue));
    else
        probe_value = static_cast<T>(kProbeValue);
    thread_local std::vector<P> w;
    thread_local std::vector<CompensatedSum> sums;
    w.assign(d, static_cast<P>(kProbeValue));
    sums.assign(sum_count(d), CompensatedSum{});
    simd_accumulate<Arch>(RegisterRows<T>{n, d, stride, probe_value}, P(0), w.data(), true, sums.data(), options);
    leave_clean_upper_state<Arch>();
    double total = 0;
    for (const CompensatedSum& sum : sums) total += value(sum);
    return total;
}

}  // namespace
}  // namespace descent::detail
