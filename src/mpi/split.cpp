// The shuffled split of one process, over the ranks: the rows sent once to where their places
// in the shuffled training or validation table are.
#include <algorithm>
#include <limits>
#include <stdexcept>

#include "descent/mpi.hpp"
#include "descent/split.hpp"
#include "rank_order.hpp"

namespace descent::mpi {

namespace {

std::vector<std::size_t> chunk_share_firsts(std::size_t rows, int ranks) {
    std::vector<std::size_t> firsts;
    for (int r = 0; r < ranks; ++r) firsts.push_back(chunk_share(rows, r, ranks).begin);
    firsts.push_back(rows);
    return firsts;
}

int as_count(std::size_t values) {
    if (values > static_cast<std::size_t>(std::numeric_limits<int>::max()))
        throw std::invalid_argument("the split would send " + std::to_string(values) +
                                    " values between two ranks at once, more than MPI's int counts: use more ranks");
    return static_cast<int>(values);
}

}  // namespace

template <class T>
DistributedSplit<T> shuffled_split(const DistributedView<T>& rows, double validation_fraction, std::uint64_t seed) {
    const std::size_t n = rows.global_rows, d = rows.local.d, width = d + 1;
    const std::size_t n_train = training_rows(n, validation_fraction);
    const int ranks = detail::size_of(rows.comm);
    const auto me = static_cast<std::size_t>(detail::rank_of(rows.comm));
    // Place k of the shuffled table holds row order[k] (shuffle_rows' permutation, split.hpp);
    // without a validation set one process keeps the rows' order.
    std::vector<std::size_t> order(n);
    if (n_train < n)
        order = shuffled_indices(n, seed);
    else
        for (std::size_t k = 0; k < n; ++k) order[k] = k;
    const std::vector<std::size_t> train_firsts = chunk_share_firsts(n_train, ranks),
                                   validation_firsts = chunk_share_firsts(n - n_train, ranks);
    const auto destination = [&](std::size_t place) {
        return place < n_train ? detail::rank_holding(train_firsts, place) : detail::rank_holding(validation_firsts, place - n_train);
    };
    const std::vector<std::size_t>& source_firsts = rows.rank_first_rows;

    // Each rank sends its rows in the order of their places, so each receiver can put them in place.
    std::vector<std::size_t> send_counts(ranks, 0), receive_counts(ranks, 0);
    for (std::size_t place = 0; place < n; ++place) {
        const std::size_t source = detail::rank_holding(source_firsts, order[place]), to = destination(place);
        if (source == me) send_counts[to] += width;
        if (to == me) receive_counts[source] += width;
    }
    std::vector<int> sends(ranks), receives(ranks), send_offsets(ranks, 0), receive_offsets(ranks, 0);
    std::size_t send_total = 0, receive_total = 0;
    for (int r = 0; r < ranks; ++r) {
        sends[r] = as_count(send_counts[r]);
        receives[r] = as_count(receive_counts[r]);
        send_offsets[r] = as_count(send_total);
        receive_offsets[r] = as_count(receive_total);
        send_total += send_counts[r];
        receive_total += receive_counts[r];
    }
    std::vector<T> out(send_total), in(receive_total);
    std::vector<std::size_t> cursor(send_offsets.begin(), send_offsets.end());
    for (std::size_t place = 0; place < n; ++place) {
        const std::size_t row = order[place];
        if (detail::rank_holding(source_firsts, row) != me) continue;
        T* to = out.data() + cursor[destination(place)];
        for (std::size_t j = 0; j < d; ++j) to[j] = rows.local.feature(j)[row - rows.first_row];
        to[d] = rows.local.y[row - rows.first_row];
        cursor[destination(place)] += width;
    }
    const MPI_Datatype type = detail::mpi_type<T>();
    MPI_Alltoallv(out.data(), sends.data(), send_offsets.data(), type, in.data(), receives.data(), receive_offsets.data(), type,
                  rows.comm);
    out = {};

    DistributedSplit<T> split;
    cursor.assign(receive_offsets.begin(), receive_offsets.end());
    const auto place_rows = [&](DistributedTable<T>& table, std::size_t first_place, std::size_t share_begin,
                                std::size_t share_end) {
        table.rows.resize(share_end - share_begin, d);
        for (std::size_t k = share_begin; k < share_end; ++k) {
            const std::size_t source = detail::rank_holding(source_firsts, order[first_place + k]);
            const T* from = in.data() + cursor[source];
            for (std::size_t j = 0; j < d; ++j) table.rows.column(j)[k - share_begin] = from[j];
            table.rows.y[k - share_begin] = from[d];
            cursor[source] += width;
        }
        table.view = distribute(rows.comm, table.rows.view());
    };
    place_rows(split.train, 0, train_firsts[me], train_firsts[me + 1]);
    place_rows(split.validation, n_train, validation_firsts[me], validation_firsts[me + 1]);
    return split;
}

template DistributedSplit<float> shuffled_split(const DistributedView<float>&, double, std::uint64_t);
template DistributedSplit<double> shuffled_split(const DistributedView<double>&, double, std::uint64_t);

}  // namespace descent::mpi
