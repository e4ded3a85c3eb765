// One rank's error, told to every rank, so that none waits in a collective for a failed one.
#include <exception>
#include <vector>

#include "descent/mpi.hpp"
#include "rank_order.hpp"

namespace descent::mpi {

void on_every_rank(MPI_Comm comm, const std::function<void()>& step) {
    std::string message;
    bool failed = false;
    try {
        step();
    } catch (const std::exception& error) {
        failed = true;
        message = error.what();
    }
    const int ranks = detail::size_of(comm);
    int first = failed ? detail::rank_of(comm) : ranks;
    MPI_Allreduce(MPI_IN_PLACE, &first, 1, MPI_INT, MPI_MIN, comm);
    if (first == ranks) return;
    int length = static_cast<int>(message.size());
    MPI_Bcast(&length, 1, MPI_INT, first, comm);
    message.resize(static_cast<std::size_t>(length));
    MPI_Bcast(message.data(), length, MPI_CHAR, first, comm);
    throw RankError(first, message);
}

}  // namespace descent::mpi
