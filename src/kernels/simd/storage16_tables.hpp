// The 16-bit entries of one xsimd arch's tables (Storage16Kernels): the row loops and the
// compute probe for bf16 and f16. Each simd_<isa>_storage16.cpp instantiates them with its
// instruction set's flags.
#pragma once

#include "compute_probe.hpp"
#include "row_table.hpp"

namespace descent::detail {
namespace {

template <class Arch>
Storage16Kernels simd_storage16_kernels() {
    return {simd_row_kernels<Arch, bf16>(), simd_row_kernels<Arch, f16>(), &compute_rows_entry<Arch, bf16>,
            &compute_rows_entry<Arch, f16>};
}

}  // namespace
}  // namespace descent::detail
