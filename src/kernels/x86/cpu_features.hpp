// What the x86 dispatch reads from the processor and the operating system, and the one
// function that turns it into the best instruction set descent may run (tested with made-up
// values: tests/cpu_features_test.cpp).
#pragma once

#include <cstdint>

#include "descent/isa.hpp"

namespace descent::detail {

struct X86CpuFeatures {
    std::uint32_t leaf1_ecx = 0;  // CPUID(1).ECX: FMA (bit 12), OSXSAVE (27), AVX (28)
    std::uint32_t leaf7_ebx = 0;  // CPUID(7, 0).EBX: AVX2 (5), AVX512F (16), DQ (17), CD (28), BW (30), VL (31)
    std::uint64_t xcr0 = 0;       // XGETBV(0) when OSXSAVE is set: the register state the OS saves
};

// CPUID and XGETBV on this machine (XGETBV only where OSXSAVE says the OS enabled it).
X86CpuFeatures read_x86_cpu_features();

// AVX code runs only where the CPU has it and the OS saves the ymm state (XCR0 bits 1-2);
// AVX-512 code also needs the opmask and zmm state (bits 5-7). SSE2 is part of x86-64.
Isa best_x86_isa(const X86CpuFeatures& cpu);

}  // namespace descent::detail
