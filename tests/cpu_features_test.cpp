// The x86 dispatch decision, driven with made-up CPUID and XCR0 values: AVX and AVX-512 code
// only where the CPU has the instructions and the operating system saves their registers.
#include <gtest/gtest.h>

#include <cstdint>

#include "kernels/x86/cpu_features.hpp"

namespace descent::detail {
namespace {

constexpr std::uint32_t kFma = 1u << 12, kOsxsave = 1u << 27, kAvx = 1u << 28, kF16c = 1u << 29;
constexpr std::uint32_t kAvx2 = 1u << 5, kAvx512F = 1u << 16, kAvx512Dq = 1u << 17, kAvx512Cd = 1u << 28,
                        kAvx512Bw = 1u << 30, kAvx512Vl = 1u << 31;
constexpr std::uint64_t kXmm = 1u << 1, kYmm = 1u << 2, kOpmask = 1u << 5, kZmmLow = 1u << 6, kZmmHigh = 1u << 7;

constexpr std::uint32_t kAvx2Cpu1 = kFma | kOsxsave | kAvx | kF16c;
constexpr std::uint32_t kAvx512Cpu7 = kAvx2 | kAvx512F | kAvx512Dq | kAvx512Cd | kAvx512Bw | kAvx512Vl;
constexpr std::uint64_t kAvxState = kXmm | kYmm, kAvx512State = kXmm | kYmm | kOpmask | kZmmLow | kZmmHigh;

TEST(X86Dispatch, EverythingPresentAndSavedRunsAvx512) {
    EXPECT_EQ(best_x86_isa({kAvx2Cpu1, kAvx512Cpu7, kAvx512State}), Isa::avx512);
}

TEST(X86Dispatch, AvxStateTheOsDoesNotSaveFallsBackToSse2) {
    EXPECT_EQ(best_x86_isa({kAvx2Cpu1, kAvx512Cpu7, 0}), Isa::sse2);
    EXPECT_EQ(best_x86_isa({kAvx2Cpu1, kAvx512Cpu7, kXmm}), Isa::sse2);
    EXPECT_EQ(best_x86_isa({kAvx2Cpu1, kAvx512Cpu7, kYmm}), Isa::sse2);
    // XGETBV says nothing without OSXSAVE: the OS has not enabled it, whatever XCR0 would hold.
    EXPECT_EQ(best_x86_isa({kFma | kAvx, kAvx512Cpu7, kAvx512State}), Isa::sse2);
}

TEST(X86Dispatch, Avx512StateTheOsDoesNotSaveFallsBackToAvx2) {
    EXPECT_EQ(best_x86_isa({kAvx2Cpu1, kAvx512Cpu7, kAvxState}), Isa::avx2);
    for (std::uint64_t missing : {kOpmask, kZmmLow, kZmmHigh})
        EXPECT_EQ(best_x86_isa({kAvx2Cpu1, kAvx512Cpu7, kAvx512State & ~missing}), Isa::avx2) << missing;
}

TEST(X86Dispatch, EachMissingInstructionSetBitFallsBack) {
    for (std::uint32_t missing : {kAvx512F, kAvx512Dq, kAvx512Cd, kAvx512Bw, kAvx512Vl})
        EXPECT_EQ(best_x86_isa({kAvx2Cpu1, kAvx512Cpu7 & ~missing, kAvx512State}), Isa::avx2) << missing;
    EXPECT_EQ(best_x86_isa({kAvx2Cpu1, kAvx512Cpu7 & ~kAvx2, kAvx512State}), Isa::sse2);  // no AVX2: no AVX-512 either
    EXPECT_EQ(best_x86_isa({kAvx2Cpu1 & ~kFma, kAvx512Cpu7, kAvx512State}), Isa::sse2);
    EXPECT_EQ(best_x86_isa({kAvx2Cpu1 & ~kAvx, kAvx512Cpu7, kAvx512State}), Isa::sse2);
    EXPECT_EQ(best_x86_isa({kAvx2Cpu1 & ~kF16c, kAvx512Cpu7, kAvx512State}), Isa::sse2);  // the f16 loads
    EXPECT_EQ(best_x86_isa({kAvx2Cpu1, kAvx2, kAvxState}), Isa::avx2);
}

TEST(X86Dispatch, NothingKnownIsSse2) { EXPECT_EQ(best_x86_isa({}), Isa::sse2); }

TEST(X86Dispatch, ThisMachineAgreesWithTheDecisionItsOwnValuesGive) {
    EXPECT_EQ(cpu_isa(), best_x86_isa(read_x86_cpu_features()));
}

}  // namespace
}  // namespace descent::detail
