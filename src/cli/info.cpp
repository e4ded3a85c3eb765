// `descent info`: what this machine offers and what `simd` and `auto` will run.
#include <cstdio>
#include <limits>
#include <string>

#include "commands.hpp"
#include "descent/isa.hpp"
#include "descent/machine.hpp"
#include "descent/registry.hpp"

namespace descent::cli {

namespace {

std::string kib(std::size_t bytes) { return bytes ? std::to_string(bytes >> 10) + " KiB" : "unknown"; }

void print_info() {
    const CacheSizes caches = cache_sizes();
    std::printf("cpu:             %s\n", cpu_model().c_str());
    std::printf("caches:          L1d %s, L2 %s, L3 %s\n", kib(caches.l1d).c_str(), kib(caches.l2).c_str(),
                kib(caches.l3).c_str());
    std::string isas;
    for (Isa isa : built_isas())
        if (isa <= cpu_isa()) isas += (isas.empty() ? "" : " ") + std::string(to_string(isa));
    std::printf("cpu isas:        %s\n", isas.c_str());
    const auto cap = isa_cap_from_environment();
    std::printf("DESCENT_MAX_ISA: %s\n", cap ? std::string(to_string(*cap)).c_str() : "(not set)");
    std::printf("simd dispatch:   %s\n", std::string(to_string(simd_isa())).c_str());
    std::printf("openmp threads:  %d\n", openmp_threads());
    std::printf("auto crossover:  %s\n", describe_auto_crossover().c_str());
    std::printf("default:         %s\n", std::string(default_implementation().name()).c_str());
    std::printf("implementations:\n");
    for (const Implementation* impl : all_implementations())
        std::printf("  %-12s %-13s %s\n", std::string(impl->name()).c_str(),
                    impl->supported() ? "" : "(unsupported)", std::string(impl->description()).c_str());
}

}  // namespace

std::string describe_auto_crossover() {
    const std::size_t bytes = auto_crossover_bytes();
    const std::string from = " bytes run simd_omp (" + std::string(auto_crossover_is_measured() ? "measured here" : "DESCENT_AUTO_CROSSOVER_BYTES") + ")";
    if (bytes != std::numeric_limits<std::size_t>::max() || !auto_crossover_is_measured())
        return "tables of more than one chunk and >= " + std::to_string(bytes) + from;
    if (openmp_threads() < 2) return "simd at every n (one OpenMP thread)";
    return "simd at every n (measured here: threads were not faster at any size tried)";
}

void add_info_command(CLI::App& app) {
    CLI::App* info = app.add_subcommand("info", "The CPU, its ISAs, the SIMD dispatch and the implementations");
    info->callback(print_info);
}

}  // namespace descent::cli
