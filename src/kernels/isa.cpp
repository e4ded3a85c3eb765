#include "descent/isa.hpp"

#include <algorithm>
#include <cstdlib>
#include <stdexcept>
#include <string>
#include <vector>

#include "kernel_tables.hpp"

namespace descent {

std::string_view to_string(Isa isa) {
    switch (isa) {
        case Isa::portable: return "portable";
        case Isa::sse2: return "sse2";
        case Isa::avx2: return "avx2";
        case Isa::avx512: return "avx512";
        case Isa::neon: return "neon";
    }
    throw std::logic_error("unknown Isa value");
}

std::span<const Isa> built_isas() {
    static const std::vector<Isa> isas = [] {
        std::vector<Isa> list;
        for (const detail::IsaKernels& entry : detail::isa_kernels()) list.push_back(entry.isa);
        return list;
    }();
    return isas;
}

Isa parse_isa(std::string_view name) {
    std::string known;
    for (Isa isa : built_isas()) {
        if (name == to_string(isa)) return isa;
        known += (known.empty() ? "" : ", ") + std::string(to_string(isa));
    }
    throw std::invalid_argument("unknown instruction set '" + std::string(name) + "' for this build; known: " + known);
}

Isa cpu_isa() { return detail::best_isa_of_this_cpu(); }

std::optional<Isa> isa_cap_from_environment() {
    const char* cap = std::getenv("DESCENT_MAX_ISA");
    if (cap == nullptr || *cap == '\0') return std::nullopt;
    try {
        return parse_isa(cap);
    } catch (const std::invalid_argument& e) {
        throw std::invalid_argument(std::string("DESCENT_MAX_ISA: ") + e.what());
    }
}

Isa dispatch_isa(Isa cpu, std::optional<Isa> cap) { return cap && *cap < cpu ? *cap : cpu; }

Isa simd_isa() {
    static const Isa isa = dispatch_isa(cpu_isa(), isa_cap_from_environment());
    return isa;
}

namespace detail {

const IsaKernels& isa_kernels_for(Isa isa) {
    for (const IsaKernels& entry : isa_kernels())
        if (entry.isa == isa) return entry;
    throw std::logic_error("no kernels for instruction set " + std::string(to_string(isa)) + " in this build");
}

const RoofProbes& dispatched_probes() { return isa_kernels_for(simd_isa()).probes(); }

}  // namespace detail

}  // namespace descent
