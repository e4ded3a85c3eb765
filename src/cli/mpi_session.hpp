// MPI for the length of one command: MPI_Init on construction, MPI_Finalize on destruction, so
// that every way out of a command that ran over MPI (a result, an error) finalizes.
#pragma once

#include <mpi.h>

namespace descent::cli {

class MpiSession {
public:
    MpiSession() {
        MPI_Init(nullptr, nullptr);
        MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
        MPI_Comm_size(MPI_COMM_WORLD, &ranks_);
    }
    ~MpiSession() { MPI_Finalize(); }
    MpiSession(const MpiSession&) = delete;
    MpiSession& operator=(const MpiSession&) = delete;

    int rank() const { return rank_; }
    int ranks() const { return ranks_; }

private:
    int rank_ = 0, ranks_ = 1;
};

}  // namespace descent::cli
