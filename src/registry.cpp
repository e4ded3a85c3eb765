// Every implementation, in priority order, and how names and the environment select one. The
// per-ISA variants (simd_avx512, simd_neon, ...) come from the instruction sets this build
// has kernels for (src/kernels/<family>/isas.cpp).
#include "descent/registry.hpp"

#include <cstdlib>
#include <deque>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <omp.h>

#include "auto_crossover.hpp"
#include "auto_implementation.hpp"
#include "descent/isa.hpp"
#include "kernels/chunked.hpp"
#include "kernels/kernel_tables.hpp"
#include "kernels/row_kernel_implementation.hpp"
#include "loop_options.hpp"

namespace descent {

namespace {

using detail::ImplementationInfo;
using detail::RowKernelImplementation;
using detail::RowKernelTable;

// simd_isa() is fixed for the process: the table is looked up once, not on every call.
const RowKernelTable& simd_rows() {
    static const RowKernelTable& rows = detail::isa_kernels_for(simd_isa()).rows();
    return rows;
}
const auto options = &detail::machine_loop_options;

const RowKernelImplementation scalar_impl(
    {"scalar", "plain loops, auto-vectorization off: the baseline", &detail::scalar_kernels, false, options});
const RowKernelImplementation simd_impl(
    {"simd", "SIMD kernels, dispatched at run time to the best ISA allowed here", &simd_rows, false, options});
const RowKernelImplementation omp_impl({"omp", "OpenMP threads over fixed chunks, `omp simd` loops for the baseline ISA",
                                        &detail::omp_simd_kernels, true, options});
const RowKernelImplementation simd_omp_impl(
    {"simd_omp", "OpenMP threads over fixed chunks, each running the simd kernel", &simd_rows, true, options});
const detail::AutoImplementation auto_impl;

// auto, simd_omp, simd, one simd_<isa> per instruction set with kernels (best first; none
// for the portable loops, which are `simd` itself there), omp, scalar.
const std::vector<const Implementation*>& registry() {
    static const std::vector<const Implementation*> list = [] {
        static std::deque<std::string> names;
        static std::vector<std::unique_ptr<RowKernelImplementation>> variants;
        std::vector<const Implementation*> all{&auto_impl, &simd_omp_impl, &simd_impl};
        const auto isas = detail::isa_kernels();
        for (auto entry = isas.rbegin(); entry != isas.rend(); ++entry) {
            if (entry->isa == Isa::portable) continue;
            names.push_back("simd_" + std::string(to_string(entry->isa)));
            variants.push_back(std::make_unique<RowKernelImplementation>(
                ImplementationInfo{names.back(), entry->description, entry->rows, false, options, entry->isa}));
            all.push_back(variants.back().get());
        }
        all.push_back(&omp_impl);
        all.push_back(&scalar_impl);
        return all;
    }();
    return list;
}

std::string known_names() {
    std::string names;
    for (const Implementation* impl : registry()) names += (names.empty() ? "" : ", ") + std::string(impl->name());
    return names;
}

// Why a simd_<isa> is not supported: the CPU lacks it, or DESCENT_MAX_ISA caps `simd` below it.
std::string why_not_here() {
    const std::string cpu(to_string(cpu_isa()));
    if (simd_isa() == cpu_isa()) return "this CPU's best instruction set is " + cpu;
    return "DESCENT_MAX_ISA caps simd at " + std::string(to_string(simd_isa())) + " (this CPU runs " + cpu + ")";
}

}  // namespace
std::span<const Implementation* const> all_implementations() { return registry(); }

std::vector<const Implementation*> supported_implementations() {
    std::vector<const Implementation*> supported;
    for (const Implementation* impl : registry())
        if (impl->supported()) supported.push_back(impl);
    return supported;
}

const Implementation& find_implementation(std::string_view name) {
    for (const Implementation* impl : registry()) {
        if (impl->name() != name) continue;
        if (!impl->supported())
            throw std::runtime_error("implementation '" + std::string(name) + "' cannot run here: " + why_not_here());
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

namespace {

// DESCENT_AUTO_CROSSOVER_BYTES, when set: the crossover the user chose. The row count that
// DESCENT_AUTO_CROSSOVER held before the crossover was in bytes is refused, not misread.
const std::optional<std::size_t>& forced_crossover() {
    static const std::optional<std::size_t> bytes = []() -> std::optional<std::size_t> {
        if (const char* old = std::getenv("DESCENT_AUTO_CROSSOVER"); old != nullptr && *old != '\0')
            throw std::invalid_argument("DESCENT_AUTO_CROSSOVER (rows) is replaced by DESCENT_AUTO_CROSSOVER_BYTES, "
                                        "the table's size in bytes (n x (d + 1) x the element's size)");
        const char* text = std::getenv("DESCENT_AUTO_CROSSOVER_BYTES");
        if (text == nullptr || *text == '\0') return std::nullopt;
        char* end = nullptr;
        const unsigned long long value = std::strtoull(text, &end, 10);
        if (end == text || *end != '\0')
            throw std::invalid_argument("DESCENT_AUTO_CROSSOVER_BYTES must be a size in bytes, got '" + std::string(text) + "'");
        return static_cast<std::size_t>(value);
    }();
    return bytes;
}

}  // namespace

std::size_t auto_crossover_bytes() {
    if (const auto& forced = forced_crossover()) return *forced;
    static detail::MeasuredCrossover crossover;
    // OpenMP's count (the machine's, as the user set it), not a with_threads caller's limit --
    // unless OpenMP's count is 1 here: it is in a thread that imported PyTorch, and
    // with_threads (Python's threads=) is then how a caller asks for more.
    const int openmp = omp_get_max_threads();
    const int threads = openmp >= 2 ? openmp : detail::thread_limit;
    return crossover.get(threads, omp_in_parallel(), [](int team) {
        return detail::measure_auto_crossover(simd_impl, simd_omp_impl, team);
    });
}

bool auto_crossover_is_measured() { return !forced_crossover().has_value(); }

const Implementation& baseline_implementation() { return scalar_impl; }

// A table of one chunk gives a team one chunk: it never waits for the measurement.
const Implementation& auto_choice(std::size_t n, std::size_t row_bytes) {
    if (n <= kChunkRows) return simd_impl;
    return n * row_bytes >= auto_crossover_bytes() ? simd_omp_impl : simd_impl;
}

}  // namespace descent
