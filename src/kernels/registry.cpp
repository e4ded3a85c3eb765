// Every implementation, in priority order, and how names and the environment select one.
#include "descent/registry.hpp"

#include <array>
#include <cstdlib>
#include <stdexcept>
#include <string>

#include "auto_implementation.hpp"
#include "descent/isa.hpp"
#include "kernel_tables.hpp"
#include "row_kernel_implementation.hpp"

namespace descent {

namespace {

using detail::ImplementationInfo;
using detail::RowKernelImplementation;
using detail::RowKernelTable;

bool always() { return true; }
const RowKernelTable& simd_rows() { return detail::simd_kernels_for(simd_isa()).rows; }

// A named per-ISA variant runs where the CPU has that ISA and DESCENT_MAX_ISA allows it.
template <Isa isa>
bool isa_allowed() { return simd_isa() >= isa; }
template <Isa isa>
const RowKernelTable& isa_rows() { return detail::simd_kernels_for(isa).rows; }

const RowKernelImplementation scalar_impl({"scalar", "plain loops, auto-vectorization off: the baseline", &always,
                                           &detail::scalar_kernels, false});
const RowKernelImplementation simd_impl({"simd", "xsimd kernels, dispatched at run time to the best ISA allowed here",
                                         &always, &simd_rows, false});
const RowKernelImplementation simd_avx512_impl({"simd_avx512", "xsimd kernels for AVX-512 (F, CD, DQ, BW)",
                                                &isa_allowed<Isa::avx512>, &isa_rows<Isa::avx512>, false});
const RowKernelImplementation simd_avx2_impl({"simd_avx2", "xsimd kernels for AVX2 with FMA",
                                              &isa_allowed<Isa::avx2>, &isa_rows<Isa::avx2>, false});
const RowKernelImplementation simd_sse2_impl({"simd_sse2", "xsimd kernels for SSE2", &isa_allowed<Isa::sse2>,
                                              &isa_rows<Isa::sse2>, false});
const RowKernelImplementation omp_impl({"omp", "OpenMP threads over fixed chunks, `omp simd` loops for the baseline ISA",
                                        &always, &detail::omp_simd_kernels, true});
const RowKernelImplementation simd_omp_impl({"simd_omp", "OpenMP threads over fixed chunks, each running the simd kernel",
                                             &always, &simd_rows, true});
const detail::AutoImplementation auto_impl;

const std::array<const Implementation*, 8> registry{&auto_impl,        &simd_omp_impl,   &simd_impl,
                                                    &simd_avx512_impl, &simd_avx2_impl,  &simd_sse2_impl,
                                                    &omp_impl,         &scalar_impl};

std::string known_names() {
    std::string names;
    for (const Implementation* impl : registry) names += (names.empty() ? "" : ", ") + std::string(impl->name());
    return names;
}

}  // namespace

std::span<const Implementation* const> all_implementations() { return registry; }

std::vector<const Implementation*> supported_implementations() {
    std::vector<const Implementation*> supported;
    for (const Implementation* impl : registry)
        if (impl->supported()) supported.push_back(impl);
    return supported;
}

const Implementation& find_implementation(std::string_view name) {
    for (const Implementation* impl : registry) {
        if (impl->name() != name) continue;
        if (!impl->supported())
            throw std::runtime_error("implementation '" + std::string(name) + "' cannot run here: this CPU's best ISA is " +
                                     std::string(to_string(cpu_isa())) + " and simd dispatches to " +
                                     std::string(to_string(simd_isa())) + " (DESCENT_MAX_ISA caps it)");
        return *impl;
    }
    throw std::invalid_argument("unknown implementation '" + std::string(name) + "'; known: " + known_names());
}

const Implementation& default_implementation() {
    const char* forced = std::getenv("DESCENT_IMPL");
    if (forced == nullptr || *forced == '\0') return auto_impl;
    try {
        return find_implementation(forced);
    } catch (const std::exception& e) {
        throw std::invalid_argument(std::string("DESCENT_IMPL: ") + e.what());
    }
}

std::size_t auto_crossover_rows() {
    static const std::size_t rows = [] {
        const char* text = std::getenv("DESCENT_AUTO_CROSSOVER");
        if (text == nullptr || *text == '\0') return kDefaultAutoCrossoverRows;
        char* end = nullptr;
        const unsigned long long value = std::strtoull(text, &end, 10);
        if (end == text || *end != '\0')
            throw std::invalid_argument("DESCENT_AUTO_CROSSOVER must be a row count, got '" + std::string(text) + "'");
        return static_cast<std::size_t>(value);
    }();
    return rows;
}

const Implementation& auto_choice(std::size_t n) { return n >= auto_crossover_rows() ? simd_omp_impl : simd_impl; }

}  // namespace descent
