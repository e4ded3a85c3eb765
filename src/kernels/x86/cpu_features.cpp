#include "cpu_features.hpp"

#include <cpuid.h>

namespace descent::detail {

namespace {

constexpr bool has(std::uint64_t word, std::uint64_t bits) { return (word & bits) == bits; }
constexpr std::uint64_t bit(unsigned n) { return std::uint64_t{1} << n; }

}  // namespace

X86CpuFeatures read_x86_cpu_features() {
    X86CpuFeatures cpu;
    unsigned a = 0, b = 0, c = 0, d = 0;
    if (__get_cpuid(1, &a, &b, &c, &d)) cpu.leaf1_ecx = c;
    if (__get_cpuid_max(0, nullptr) >= 7 && __get_cpuid_count(7, 0, &a, &b, &c, &d)) cpu.leaf7_ebx = b;
    if (has(cpu.leaf1_ecx, bit(27))) {  // OSXSAVE: XGETBV exists and the OS manages XCR0
        std::uint32_t low = 0, high = 0;
        asm volatile("xgetbv" : "=a"(low), "=d"(high) : "c"(0));
        cpu.xcr0 = (std::uint64_t{high} << 32) | low;
    }
    return cpu;
}

Isa best_x86_isa(const X86CpuFeatures& cpu) {
    const bool os_saves_ymm = has(cpu.leaf1_ecx, bit(27)) && has(cpu.xcr0, bit(1) | bit(2));
    // AVX, FMA and F16C (the f16 loads: every AVX2 processor has it), and AVX2.
    const bool avx2 = os_saves_ymm && has(cpu.leaf1_ecx, bit(28) | bit(12) | bit(29)) && has(cpu.leaf7_ebx, bit(5));
    if (!avx2) return Isa::sse2;
    const bool os_saves_zmm = has(cpu.xcr0, bit(5) | bit(6) | bit(7));
    const bool avx512 = os_saves_zmm && has(cpu.leaf7_ebx, bit(16) | bit(17) | bit(28) | bit(30) | bit(31));
    return avx512 ? Isa::avx512 : Isa::avx2;
}

}  // namespace descent::detail
