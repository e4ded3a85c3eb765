// The `descent` subcommands; each file adds one to the app.
#pragma once

#include <algorithm>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

namespace descent::cli {

// For counts that must be at least 1 (CLI11's PositiveNumber prints the whole double range).
inline const CLI::Validator at_least_one(
    [](std::string& text) -> std::string {
        try {
            return std::stoll(text) >= 1 ? "" : "must be at least 1, got " + text;
        } catch (const std::exception&) {
            return "must be a whole number, got " + text;
        }
    },
    "N >= 1");

// A name given twice to a list option (--dtype f32 --dtype f32) counts once, where it first came.
inline void drop_repeats(std::vector<std::string>& names) {
    std::vector<std::string> kept;
    for (std::string& name : names)
        if (std::find(kept.begin(), kept.end(), name) == kept.end()) kept.push_back(std::move(name));
    names = std::move(kept);
}

void add_info_command(CLI::App& app);
// Where `auto` switches to threads and who said so (this machine's measurement, or
// DESCENT_AUTO_CROSSOVER_BYTES), for `info` and `bench`.
std::string describe_auto_crossover();
void add_check_command(CLI::App& app);
void add_bench_command(CLI::App& app);
void add_train_command(CLI::App& app);
void add_surface_command(CLI::App& app);

}  // namespace descent::cli
