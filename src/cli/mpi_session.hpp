// MPI for the length of one command: MPI_Init on construction, MPI_Finalize on destruction, so
// that every way out of a command that ran over MPI (a result, an error) finalizes.
#pragma once

#include <mpi.h>

#include <cstdio>
#include <exception>
#include <new>

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

    // Runs a command of every rank (returning its exit status) and turns its errors into one
    // message and status 2. Every error but running out of memory is met on every rank alike
    // (each step of descent::mpi throws on every rank, on_every_rank carries one rank's failure
    // to all, and rank 0 alone writes files): rank 0 says it once. Memory can run out on one
    // rank alone while the others wait in a collective: that ends the job.
    template <class Command>
    int run(Command&& command) const {
        try {
            return command();
        } catch (const std::bad_alloc& error) {
            std::fprintf(stderr, "descent: error: rank %d: out of memory (%s)\n", rank_, error.what());
            MPI_Abort(MPI_COMM_WORLD, 2);
        } catch (const std::exception& error) {
            if (rank_ == 0) std::fprintf(stderr, "descent: error: %s\n", error.what());
        }
        return 2;
    }

private:
    int rank_ = 0, ranks_ = 1;
};

}  // namespace descent::cli
