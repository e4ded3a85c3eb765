// Which rows each rank holds, and the check that a layout keeps one process's bits.
#include <stdexcept>
#include <string>

#include "descent/mpi.hpp"
#include "descent/threads.hpp"
#include "rank_order.hpp"

namespace descent::mpi {

RowRange chunk_share(std::size_t rows, int rank, int ranks) {
    if (ranks < 1 || rank < 0 || rank >= ranks)
        throw std::invalid_argument("rank " + std::to_string(rank) + " of " + std::to_string(ranks) + " ranks does not exist");
    const std::size_t chunks = chunk_count(rows), k = static_cast<std::size_t>(ranks);
    const auto first_chunk = [&](std::size_t r) { return chunks / k * r + std::min(r, chunks % k); };
    const auto row = [&](std::size_t c) { return std::min(rows, c * kChunkRows); };
    return {row(first_chunk(static_cast<std::size_t>(rank))), row(first_chunk(static_cast<std::size_t>(rank) + 1))};
}

template <class T>
DistributedView<T> distribute(MPI_Comm comm, const DatasetView<T>& local) {
    const int rank = detail::rank_of(comm), ranks = detail::size_of(comm);
    // Every rank's row count and d, so that every rank can name the same faulty rank.
    const unsigned long long mine[2] = {local.n, local.d};
    std::vector<unsigned long long> all(2 * static_cast<std::size_t>(ranks));
    MPI_Allgather(mine, 2, MPI_UNSIGNED_LONG_LONG, all.data(), 2, MPI_UNSIGNED_LONG_LONG, comm);
    DistributedView<T> view{local, 0, 0, {}, comm};
    for (int r = 0; r < ranks; ++r) {
        const std::size_t n = all[2 * r], d = all[2 * r + 1];
        if (d != all[1])
            throw std::invalid_argument("rank " + std::to_string(r) + " holds rows of d = " + std::to_string(d) +
                                        " features, rank 0 of d = " + std::to_string(all[1]));
        view.rank_first_rows.push_back(view.global_rows);
        if (r == rank) view.first_row = view.global_rows;
        view.global_rows += n;
    }
    view.rank_first_rows.push_back(view.global_rows);
    return view;
}

namespace detail {

int rank_of(MPI_Comm comm) {
    int rank = 0;
    MPI_Comm_rank(comm, &rank);
    return rank;
}

int size_of(MPI_Comm comm) {
    int ranks = 1;
    MPI_Comm_size(comm, &ranks);
    return ranks;
}

template <class T>
void require_whole_chunks(const DistributedView<T>& view) {
    const std::vector<std::size_t>& firsts = view.rank_first_rows;
    for (std::size_t r = 0; r + 1 < firsts.size(); ++r)
        if (firsts[r + 1] > firsts[r] && firsts[r] % kChunkRows != 0)
            throw std::invalid_argument("rank " + std::to_string(r) + "'s rows start at global row " + std::to_string(firsts[r]) +
                                        ", not at a multiple of " + std::to_string(kChunkRows) +
                                        " (whole chunks per rank keep one process's bits: descent::mpi::chunk_share)");
}

template void require_whole_chunks(const DistributedView<float>&);
template void require_whole_chunks(const DistributedView<double>&);

}  // namespace detail

template DistributedView<float> distribute(MPI_Comm, const DatasetView<float>&);
template DistributedView<double> distribute(MPI_Comm, const DatasetView<double>&);

}  // namespace descent::mpi
