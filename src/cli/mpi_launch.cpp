#include "mpi_launch.hpp"

#include <cstdlib>
#include <initializer_list>

namespace descent::cli {

namespace {

// The first of OpenMPI's mpirun's variable and the PMI launchers' (MPICH's hydra, Slurm's srun).
int from_environment(const char* openmpi, const char* pmi) {
    for (const char* name : {openmpi, pmi})
        if (const char* value = std::getenv(name); value != nullptr && *value != '\0') return std::atoi(value);
    return 0;
}

}  // namespace

int mpirun_ranks() { return from_environment("OMPI_COMM_WORLD_SIZE", "PMI_SIZE"); }
int mpirun_rank() { return from_environment("OMPI_COMM_WORLD_RANK", "PMI_RANK"); }

}  // namespace descent::cli
