// The probes of one xsimd arch as a RoofProbes table: the read roofs (read_probes.hpp) and the
// compute roof (compute_probe.hpp). Each per-ISA translation unit instantiates it with its flags.
#pragma once

#include "compute_probe.hpp"
#include "read_probes.hpp"

namespace descent::detail {
namespace {

// The 16-bit compute probes come from the arch's twin translation unit (storage16_tables.hpp).
template <class Arch>
RoofProbes simd_roof_probes(const Storage16Kernels& storage16) {
    return {&read_sum_entry<Arch, float>,    &read_sum_entry<Arch, double>,     &read_rows_entry<Arch, float>,
            &read_rows_entry<Arch, double>,  &compute_rows_entry<Arch, float>, &compute_rows_entry<Arch, double>,
            storage16.compute_bf16,          storage16.compute_f16};
}

}  // namespace
}  // namespace descent::detail
