// The commands that run over MPI, in a build without the MPI layer: refused under mpirun,
// since every rank would run alone on the whole data and print the same report.
#include <stdexcept>
#include <string>

#include "bench.hpp"
#include "train.hpp"

namespace descent::cli {

namespace {

[[noreturn]] void refuse(const char* command) {
    throw std::invalid_argument(std::string("this descent was built without its MPI layer (OpenMPI's development files and "
                                            "cmake -DDESCENT_MPI=ON): ") + command);
}

}  // namespace

int run_train_distributed(const TrainOptions&) { refuse("under mpirun every rank would train alone"); }

int run_mpi_bench(const BenchOptions&) { refuse("bench --mpi needs it"); }

}  // namespace descent::cli
