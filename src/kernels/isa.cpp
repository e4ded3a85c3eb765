#include "descent/isa.hpp"

#include <cstdlib>
#include <stdexcept>
#include <string>
#include <xsimd/xsimd.hpp>

namespace descent {

std::string_view to_string(Isa isa) {
    switch (isa) {
        case Isa::sse2: return "sse2";
        case Isa::avx2: return "avx2";
        case Isa::avx512: return "avx512";
    }
    throw std::logic_error("unknown Isa value");
}

Isa parse_isa(std::string_view name) {
    for (Isa isa : {Isa::sse2, Isa::avx2, Isa::avx512})
        if (name == to_string(isa)) return isa;
    throw std::invalid_argument("unknown instruction set '" + std::string(name) + "'; known: sse2, avx2, avx512");
}

Isa cpu_isa() {
    // Compare against `best`: xsimd 8.1 reports some single bits (avx) wrongly on AVX-512 CPUs.
    const unsigned best = xsimd::available_architectures().best;
    if (best >= xsimd::avx512bw::version()) return Isa::avx512;
    if (best >= xsimd::fma3<xsimd::avx2>::version()) return Isa::avx2;
    return Isa::sse2;
}

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

}  // namespace descent
