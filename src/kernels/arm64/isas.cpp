// The aarch64 instruction sets with kernels: NEON, which every aarch64 CPU has. (SVE needs a
// newer xsimd than Debian 12's 8.1.)
#include "../kernel_tables.hpp"

namespace descent::detail {

const RowKernelTable& simd_rows_neon();
const RoofProbes& roof_probes_neon();

std::span<const IsaKernels> isa_kernels() {
    static constexpr IsaKernels isas[] = {
        {Isa::neon, "xsimd kernels for NEON (aarch64)", &simd_rows_neon, &roof_probes_neon},
    };
    return isas;
}

Isa best_isa_of_this_cpu() { return Isa::neon; }

}  // namespace descent::detail
