// descent: the command-line tool. Each subcommand lives in its own file.
#include <cstdio>
#include <exception>
#include <string>

#include "commands.hpp"
#include "mpi_launch.hpp"
#include "descent/version.h"

int main(int argc, char** argv) {
    CLI::App app{"descent: batch gradient descent kernels for linear regression, measured"};
    app.require_subcommand(1);
    app.set_version_flag("--version", std::string("descent ") + std::string(descent::version()));
    descent::cli::add_info_command(app);
    descent::cli::add_check_command(app);
    descent::cli::add_bench_command(app);
    descent::cli::add_train_command(app);
    descent::cli::add_surface_command(app);
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        // Under mpirun every rank parses the same options: rank 0 alone says what is wrong and
        // fails the job. The others leave with 0: a rank that failed first would have mpirun
        // kill rank 0 before it had said anything (seen under ASan's slower start).
        return descent::cli::mpirun_rank() > 0 ? 0 : app.exit(e);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "descent: error: %s\n", e.what());
        return 2;
    }
    return 0;
}
