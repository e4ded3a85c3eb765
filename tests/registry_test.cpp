#include <gtest/gtest.h>

#include <algorithm>
#include <limits>
#include <cstdlib>
#include <string>
#include <vector>

#include "descent/isa.hpp"
#include "descent/registry.hpp"
#include "descent/synthetic.hpp"
#include "descent/threads.hpp"
#include "descent/version.h"
#include "auto_crossover.hpp"
#include "tool_run.hpp"

namespace descent {
namespace {

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

TEST(Registry, UnknownNameListsTheKnownOnes) {
    try {
        find_implementation("fastest");
        FAIL() << "an unknown name was accepted";
    } catch (const std::invalid_argument& e) {
        for (const Implementation* impl : all_implementations())
            EXPECT_TRUE(contains(e.what(), std::string(impl->name()))) << e.what();
    }
}

TEST(Registry, EveryImplementationHasANameAndADescription) {
    for (const Implementation* impl : all_implementations()) {
        EXPECT_FALSE(impl->name().empty());
        EXPECT_FALSE(impl->description().empty());
        if (impl->supported()) {
            EXPECT_EQ(&find_implementation(impl->name()), impl) << impl->name();
        }
    }
}

// One this CPU cannot run (simd_avx512 on an AVX2 machine) is known, and named in the error.
TEST(Registry, AnImplementationThisCpuCannotRunIsRefusedByName) {
    int refused = 0;
    for (const Implementation* impl : all_implementations()) {
        if (impl->supported()) continue;
        ++refused;
        try {
            find_implementation(impl->name());
            ADD_FAILURE() << impl->name() << " was found, though it cannot run here";
        } catch (const std::runtime_error& e) {
            EXPECT_TRUE(contains(e.what(), std::string(impl->name()))) << e.what();
            EXPECT_TRUE(contains(e.what(), std::string(to_string(simd_isa())))) << e.what();
        }
    }
    if (refused == 0) GTEST_SKIP() << "every implementation runs here (no DESCENT_MAX_ISA cap, the best ISA built)";
}

TEST(Registry, AutoOnlyEverChoosesSupportedImplementations) {
    const std::size_t crossover = auto_crossover_bytes();
    for (std::size_t n : {std::size_t{0}, std::size_t{1}, kChunkRows, kChunkRows + 1, std::size_t{1} << 30})
        for (std::size_t row_bytes : {std::size_t{8}, std::size_t{16}, std::size_t{88}}) {
            const Implementation& chosen = auto_choice(n, row_bytes);
            EXPECT_TRUE(chosen.supported()) << chosen.name();
            EXPECT_NE(chosen.name(), "auto");
        }
    if (crossover == std::numeric_limits<std::size_t>::max()) GTEST_SKIP() << "threads never pay here";
    // A table just below the crossover, and one at it, of about four chunks.
    const std::size_t row_bytes = crossover / (4 * kChunkRows);
    if (row_bytes == 0) GTEST_SKIP() << "a crossover of less than four chunks of one-byte rows";
    const std::size_t at = (crossover + row_bytes - 1) / row_bytes;
    EXPECT_EQ(auto_choice(at - 1, row_bytes).name(), "simd");
    EXPECT_EQ(auto_choice(at, row_bytes).name(), "simd_omp");
}

TEST(Registry, AutoNeverRunsThreadsForOneChunk) {
    for (std::size_t row_bytes : {std::size_t{8}, std::size_t{1} << 20})  // even a table of 32 GiB
        EXPECT_EQ(auto_choice(kChunkRows, row_bytes).name(), "simd");      // a team would get one chunk
}

// Threads pay by the bytes of a table, not its rows: an f64 table crosses at half the rows of
// an f32 one of the same width.
TEST(Registry, TheCrossoverIsInBytes) {
    const std::size_t crossover = auto_crossover_bytes();
    if (crossover == std::numeric_limits<std::size_t>::max()) GTEST_SKIP() << "threads never pay here";
    const std::size_t f32_rows = std::max(crossover / 8, 2 * kChunkRows);
    EXPECT_EQ(auto_choice(f32_rows, 8).name(), "simd_omp");
    EXPECT_EQ(auto_choice(f32_rows / 2 + 1, 16).name(), f32_rows / 2 + 1 > kChunkRows ? "simd_omp" : "simd");
}

// The rule that turns the measurement into auto's crossover: the first size where the team was
// faster there and at the next size, or at the last size measured.
TEST(Registry, TheCrossoverIsWhereThreadsStayFaster) {
    using detail::CrossoverTiming;
    const std::vector<CrossoverTiming> steady{{1, 1.0, 2.0}, {2, 1.0, 0.9}, {4, 1.0, 0.5}, {8, 1.0, 0.4}};
    EXPECT_EQ(detail::crossover_from(steady), 2u);
    const std::vector<CrossoverTiming> one_lucky_round{{1, 1.0, 0.9}, {2, 1.0, 1.1}, {4, 1.0, 0.5}, {8, 1.0, 0.4}};
    EXPECT_EQ(detail::crossover_from(one_lucky_round), 4u);
    const std::vector<CrossoverTiming> only_at_the_end{{1, 1.0, 2.0}, {2, 1.0, 1.5}, {4, 1.0, 0.9}};
    EXPECT_EQ(detail::crossover_from(only_at_the_end), 4u);
    const std::vector<CrossoverTiming> never{{1, 1.0, 2.0}, {2, 1.0, 1.0}, {4, 1.0, 1.5}};
    EXPECT_EQ(detail::crossover_from(never), detail::kNeverThreads);
    EXPECT_EQ(detail::crossover_from({}), detail::kNeverThreads);
}

// A call with one thread (PyTorch's import leaves OpenMP's count at 1 in its thread) or inside
// a parallel region measures nothing and keeps nothing: a later call with two threads measures,
// with them, and that answer is kept for every call after it.
TEST(Registry, TheCrossoverIsMeasuredByTheFirstCallThatCan) {
    detail::MeasuredCrossover crossover;
    const auto must_not_measure = [](int) -> std::size_t {
        ADD_FAILURE() << "measured when it could not";
        return 1;
    };
    EXPECT_EQ(crossover.get(1, false, must_not_measure), detail::kNeverThreads);
    EXPECT_EQ(crossover.get(2, true, must_not_measure), detail::kNeverThreads);
    int measured_with = 0;
    EXPECT_EQ(crossover.get(2, false, [&](int threads) { measured_with = threads; return std::size_t{786432}; }), 786432u);
    EXPECT_EQ(measured_with, 2);
    EXPECT_EQ(crossover.get(1, false, must_not_measure), 786432u);
}

TEST(Registry, EachImplementationSaysWhatItRuns) {
    const Implementation& automatic = find_implementation("auto");
    const auto limited = with_threads(automatic, 2);
    for (std::size_t n : {std::size_t{1}, 4 * kChunkRows, std::size_t{1} << 26}) {
        EXPECT_EQ(&automatic.runs_for(n, 8), &auto_choice(n, 8));
        EXPECT_EQ(&limited->runs_for(n, 8), &auto_choice(n, 8));
    }
    const Dataset<double> data = make_synthetic<double>(SyntheticSpec{});
    EXPECT_EQ(&automatic.runs_for(data.view()), &auto_choice(data.n(), 2 * sizeof(double)));
    for (const Implementation* impl : all_implementations())
        if (impl != &automatic) {
            EXPECT_EQ(&impl->runs_for(1, 8), impl) << impl->name();
        }
    EXPECT_EQ(baseline_implementation().name(), "scalar");
}

TEST(Registry, DescentImplForcesTheDefaultInProcess) {
    ASSERT_EQ(setenv("DESCENT_IMPL", "scalar", 1), 0);
    EXPECT_EQ(default_implementation().name(), "scalar");
    ASSERT_EQ(setenv("DESCENT_IMPL", "nonsense", 1), 0);
    EXPECT_THROW(default_implementation(), std::invalid_argument);
    ASSERT_EQ(unsetenv("DESCENT_IMPL"), 0);
    EXPECT_EQ(default_implementation().name(), "auto");
}

TEST(Isa, ParsesKnownNamesAndListsThemOtherwise) {
    std::string known;
    for (Isa isa : built_isas()) {
        EXPECT_EQ(parse_isa(to_string(isa)), isa);
        known += (known.empty() ? "" : ", ") + std::string(to_string(isa));
    }
    try {
        parse_isa("avx1024");
        FAIL();
    } catch (const std::invalid_argument& e) {
        EXPECT_TRUE(contains(e.what(), "known: " + known)) << e.what();
    }
}

TEST(Isa, TheCapLowersButNeverRaisesTheDispatch) {
    EXPECT_EQ(dispatch_isa(Isa::avx512, Isa::sse2), Isa::sse2);
    EXPECT_EQ(dispatch_isa(Isa::avx512, std::nullopt), Isa::avx512);
    EXPECT_EQ(dispatch_isa(Isa::avx2, Isa::avx512), Isa::avx2);
}

TEST(Environment, MaxIsaChangesWhatSimdDispatchesTo) {
    for (Isa cap : built_isas()) {
        const std::string name(to_string(cap));
        const ToolRun run = run_tool("DESCENT_MAX_ISA=" + name, "info");
        ASSERT_EQ(run.status, 0) << run.output;
        const std::string expected(to_string(dispatch_isa(cpu_isa(), cap)));
        EXPECT_TRUE(contains(run.output, "simd dispatch:   " + expected + "\n")) << run.output;
    }
}

TEST(Environment, MaxIsaHidesTheVariantsAboveTheCap) {
    const std::span<const Isa> isas = built_isas();
    if (isas.size() < 2) GTEST_SKIP() << "one instruction set in this build: nothing above it to hide";
    const ToolRun run = run_tool("DESCENT_MAX_ISA=" + std::string(to_string(isas[0])), "info");
    EXPECT_TRUE(contains(run.output, "simd_" + std::string(to_string(isas[0])) + " ")) << run.output;
    if (cpu_isa() >= isas[1]) {
        const std::string above = "simd_" + std::string(to_string(isas[1]));
        EXPECT_TRUE(contains(run.output, above + std::string(13 - above.size(), ' ') + "(unsupported)")) << run.output;
    }
}

// The refusal names the limit that applies: here the cap, not the CPU (which the in-process
// test, Registry.AnImplementationThisCpuCannotRunIsRefusedByName, meets only on a CPU that
// lacks a built instruction set).
TEST(Environment, AVariantAboveTheCapIsRefusedWithTheCapNamed) {
    const std::span<const Isa> isas = built_isas();
    if (isas.size() < 2 || cpu_isa() < isas[1]) GTEST_SKIP() << "no built instruction set above the lowest runs here";
    const std::string cap(to_string(isas[0])), variant = "simd_" + std::string(to_string(isas[1]));
    const ToolRun run = run_tool("DESCENT_MAX_ISA=" + cap + " DESCENT_IMPL=" + variant, "info");
    EXPECT_NE(run.status, 0);
    EXPECT_TRUE(contains(run.output, "implementation '" + variant + "' cannot run here: DESCENT_MAX_ISA caps simd at " + cap +
                                         " (this CPU runs " + std::string(to_string(cpu_isa())) + ")"))
        << run.output;
}

TEST(Environment, MaxIsaRefusesTheInstructionSetsOfOtherProcessors) {
    for (Isa isa : {Isa::portable, Isa::sse2, Isa::avx2, Isa::avx512, Isa::neon}) {
        const std::span<const Isa> isas = built_isas();
        if (std::find(isas.begin(), isas.end(), isa) != isas.end()) continue;
        const ToolRun run = run_tool("DESCENT_MAX_ISA=" + std::string(to_string(isa)), "info");
        EXPECT_NE(run.status, 0);
        EXPECT_TRUE(contains(run.output, "for this build; known: ")) << run.output;
    }
}

TEST(Environment, UnknownMaxIsaFailsClearly) {
    const ToolRun run = run_tool("DESCENT_MAX_ISA=avx9000", "info");
    EXPECT_NE(run.status, 0);
    std::string known;
    for (Isa isa : built_isas()) known += (known.empty() ? "" : ", ") + std::string(to_string(isa));
    EXPECT_TRUE(contains(run.output, "DESCENT_MAX_ISA: unknown instruction set 'avx9000' for this build; known: " + known))
        << run.output;
}

TEST(Environment, DescentImplForcesTheToolsDefault) {
    const ToolRun run = run_tool("DESCENT_IMPL=omp", "info");
    ASSERT_EQ(run.status, 0) << run.output;
    EXPECT_TRUE(contains(run.output, "default:         omp\n")) << run.output;
    const ToolRun unknown = run_tool("DESCENT_IMPL=turbo", "info");
    EXPECT_NE(unknown.status, 0);
    EXPECT_TRUE(contains(unknown.output, "DESCENT_IMPL: unknown implementation 'turbo'; known: auto")) << unknown.output;
}

TEST(Version, TheLibraryTheHeaderAndTheToolAgree) {
    EXPECT_EQ(version(), DESCENT_VERSION_STRING);
    EXPECT_EQ(std::to_string(DESCENT_VERSION_MAJOR) + "." + std::to_string(DESCENT_VERSION_MINOR) + "." +
                  std::to_string(DESCENT_VERSION_PATCH),
              DESCENT_VERSION_STRING);
    const ToolRun run = run_tool("", "--version");
    EXPECT_EQ(run.status, 0);
    EXPECT_EQ(run.output, "descent " DESCENT_VERSION_STRING "\n");
}

}  // namespace
}  // namespace descent
