// Processors descent has no SIMD kernels for (s390x, ppc64el, riscv64, ...): `simd` runs the
// plain loops with their `omp simd` pragmas, which the compiler vectorizes for the baseline,
// and the read probes are plain loops too (no compute roof is modelled here).
#include "../kernel_tables.hpp"

namespace descent::detail {

namespace {

// Eight running sums, so the additions can overlap and the loads bound the loop.
template <class T>
double plain_sum(const T* p, std::size_t n) {
    double partial[8] = {};
    std::size_t i = 0;
    for (; i + 8 <= n; i += 8)
        for (std::size_t k = 0; k < 8; ++k) partial[k] += p[i + k];
    double sum = 0;
    for (double value : partial) sum += value;
    for (; i < n; ++i) sum += p[i];
    return sum;
}

// The target and each column one after another, not row by row as the SIMD probe reads them:
// a simpler limit, and no speed is claimed for these processors.
template <class T>
double plain_rows_sum(const DatasetView<T>& data, const LoopOptions&) {
    double sum = plain_sum(data.y, data.n);
    for (std::size_t j = 0; j < data.d; ++j) sum += plain_sum(data.feature(j), data.n);
    return sum;
}

const RoofProbes& portable_probes() {
    static const RoofProbes probes{&plain_sum<float>, &plain_sum<double>, &plain_rows_sum<float>,
                                   &plain_rows_sum<double>};
    return probes;
}

}  // namespace

std::span<const IsaKernels> isa_kernels() {
    static constexpr IsaKernels isas[] = {
        {Isa::portable, "plain loops with omp simd: descent has no SIMD kernels for this processor", &omp_simd_kernels,
         &portable_probes},
    };
    return isas;
}

Isa best_isa_of_this_cpu() { return Isa::portable; }

}  // namespace descent::detail
