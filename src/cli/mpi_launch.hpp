// Whether this process was started by mpirun (or another MPI launcher), from its environment,
// before any MPI call: the commands that can run over MPI (train, bench --mpi) decide by it.
#pragma once

namespace descent::cli {

// The job's rank count the launcher put in the environment; 0 when not launched as a job.
int mpirun_ranks();
// This process's rank in that job; 0 when not launched as one.
int mpirun_rank();

}  // namespace descent::cli
