// The `descent` subcommands; each file adds one to the app.
#pragma once

#include <CLI/CLI.hpp>

namespace descent::cli {

void add_info_command(CLI::App& app);
void add_check_command(CLI::App& app);
void add_bench_command(CLI::App& app);
void add_train_command(CLI::App& app);
void add_surface_command(CLI::App& app);

}  // namespace descent::cli
