// What every MPI test needs: this process's place among the ranks, and its share of a table.
#pragma once

#include <mpi.h>

#include "descent/mpi.hpp"

namespace descent::mpi {

inline int rank() {
    int r = 0;
    MPI_Comm_rank(MPI_COMM_WORLD, &r);
    return r;
}

inline int ranks() {
    int k = 1;
    MPI_Comm_size(MPI_COMM_WORLD, &k);
    return k;
}

template <class T>
DistributedView<T> my_share(const DatasetView<T>& whole) {
    const RowRange share = chunk_share(whole.n, rank(), ranks());
    return distribute(MPI_COMM_WORLD, whole.rows(share.begin, share.end));
}

}  // namespace descent::mpi
