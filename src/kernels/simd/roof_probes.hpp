// The probes of one xsimd arch as a RoofProbes table: the read roofs (read_probes.hpp) and the
// compute roof (compute_probe.hpp). Each per-ISA translation unit instantiates it with its flags.
#pragma once

#include "compute_probe.hpp"
#include "read_probes.hpp"

namespace descent::detail {
namespace {

template <class Arch>
RoofProbes simd_roof_probes() {
    return {&read_sum_entry<Arch, float>,     &read_sum_entry<Arch, double>,     &read_rows_entry<Arch, float>,
            &read_rows_entry<Arch, double>,   &compute_rows_entry<Arch, float>, &compute_rows_entry<Arch, double>,
            &compute_rows_entry<Arch, bf16>,  &compute_rows_entry<Arch, f16>};
}

}  // namespace
}  // namespace descent::detail
