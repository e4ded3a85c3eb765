// `descent train` under mpirun in a build without the MPI layer: refused, since every rank
// would train alone on the whole data and print the same report.
#include <stdexcept>

#include "train.hpp"

namespace descent::cli {

int run_train_distributed(const TrainOptions&) {
    throw std::invalid_argument(
        "this descent was built without its MPI layer (OpenMPI's development files and cmake -DDESCENT_MPI=ON): "
        "under mpirun every rank would train alone");
}

}  // namespace descent::cli
