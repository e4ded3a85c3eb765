// The one communication pattern the MPI layer needs to keep one process's bits: a left fold
// over the ranks' parts in rank order. A sum of floating-point values depends on the order it
// is taken in, so the running value travels rank 0 -> 1 -> ... -> K-1, each rank adding its own
// part, and the last rank broadcasts it (MPI's reductions may regroup terms as they like).
#pragma once

#include <mpi.h>

#include <algorithm>
#include <cstddef>
#include <type_traits>
#include <vector>

#include "descent/mpi.hpp"

namespace descent::mpi::detail {

template <class T>
MPI_Datatype mpi_type() {
    if constexpr (std::is_same_v<T, float>)
        return MPI_FLOAT;
    else if constexpr (std::is_same_v<T, double>)
        return MPI_DOUBLE;
    else if constexpr (std::is_same_v<T, long double>)
        return MPI_LONG_DOUBLE;
    else
        static_assert(!sizeof(T), "no MPI type for this element type");
}

// Throws std::invalid_argument, on every rank alike, unless every rank's rows start on a chunk.
template <class T>
void require_whole_chunks(const DistributedView<T>& view);

int rank_of(MPI_Comm comm);
int size_of(MPI_Comm comm);

// The rank whose range of `firsts` (every rank's first row, then the end, as
// DistributedView::rank_first_rows) holds `row`.
inline std::size_t rank_holding(const std::vector<std::size_t>& firsts, std::size_t row) {
    return static_cast<std::size_t>(std::upper_bound(firsts.begin(), firsts.end() - 1, row) - firsts.begin() - 1);
}

// `state` (count values of `type`) enters rank 0 as the caller set it there; every rank waits
// for its predecessor's state, applies add_own_part to it, and passes it on. On return every
// rank holds the last rank's state.
template <class AddOwnPart>
void fold_in_rank_order(MPI_Comm comm, void* state, int count, MPI_Datatype type, AddOwnPart&& add_own_part) {
    const int rank = rank_of(comm), ranks = size_of(comm);
    constexpr int tag = 0x64657363;  // "desc"
    if (rank > 0) MPI_Recv(state, count, type, rank - 1, tag, comm, MPI_STATUS_IGNORE);
    add_own_part();
    if (rank + 1 < ranks) MPI_Send(state, count, type, rank + 1, tag, comm);
    MPI_Bcast(state, count, type, ranks - 1, comm);
}

}  // namespace descent::mpi::detail
