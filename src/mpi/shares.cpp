// Where each rank's rows come from: its share of the synthetic rows, or of a CSV file.
#include <algorithm>
#include <cstdint>
#include <exception>
#include <stdexcept>

#include "descent/mpi.hpp"
#include "rank_order.hpp"

namespace descent::mpi {

template <class T>
DistributedTable<T> make_synthetic_share(MPI_Comm comm, const SyntheticSpec& spec) {
    const RowRange share = chunk_share(spec.n, detail::rank_of(comm), detail::size_of(comm));
    DistributedTable<T> table{make_synthetic_rows<T>(spec, share.begin, share.end), {}};
    table.view = distribute(comm, table.rows.view());
    return table;
}

template <class T>
CsvShareData<T> read_csv_share(MPI_Comm comm, const std::string& path, const std::string& target,
                               const std::vector<std::string>& features, const CsvOptions& options) {
    const int ranks = detail::size_of(comm), rank = detail::rank_of(comm);
    // Rank 0 finds the cuts (the file's first pass: record ends only); the others wait for them.
    std::vector<CsvShare> shares(static_cast<std::size_t>(ranks));
    on_every_rank(comm, [&] {
        if (rank == 0) shares = plan_csv_shares(path, static_cast<std::size_t>(ranks), options);
    });
    static_assert(sizeof(CsvShare) % sizeof(std::uint64_t) == 0, "sent as 64-bit words");
    MPI_Bcast(shares.data(), static_cast<int>(shares.size() * sizeof(CsvShare) / sizeof(std::uint64_t)), MPI_UINT64_T, 0, comm);

    CsvShareData<T> out;
    CsvData<T> mine;
    std::exception_ptr failure;
    try {
        CsvOptions share_options = options;
        share_options.share = shares[static_cast<std::size_t>(rank)];
        mine = read_csv<T>(path, target, features, share_options);
    } catch (...) {
        failure = std::current_exception();
    }
    // What needs the whole file: records after an empty line, no rows at all, the dropped rows.
    struct Summary {
        unsigned long long rows, dropped, trailing_blank_line, first_dropped_line, failed;
    };
    const Summary local{mine.data.n(), mine.rows_dropped, mine.trailing_blank_line, mine.first_dropped_line, failure ? 1ull : 0ull};
    std::vector<Summary> all(static_cast<std::size_t>(ranks));
    MPI_Allgather(&local, 5, MPI_UNSIGNED_LONG_LONG, all.data(), 5, MPI_UNSIGNED_LONG_LONG, comm);
    const auto records_after = [&](int r) {
        return std::any_of(all.begin() + r + 1, all.end(), [](const Summary& s) { return s.rows + s.dropped + s.failed > 0; });
    };
    // Every rank throws its own first problem; on_every_rank tells the lowest rank's, the first in the file.
    on_every_rank(comm, [&] {
        if (failure) std::rethrow_exception(failure);
        if (local.trailing_blank_line && records_after(rank))
            throw std::runtime_error(path + ":" + std::to_string(local.trailing_blank_line) + ":1: empty line inside the data");
    });
    std::size_t rows = 0;
    for (const Summary& s : all) {
        rows += s.rows;
        if (s.dropped && !out.rows_dropped) out.first_dropped_line = s.first_dropped_line;
        out.rows_dropped += s.dropped;
    }
    // read_csv's own words for a file without rows, the same on every rank.
    if (rows == 0 && out.rows_dropped == 0)
        throw std::runtime_error(path + ":" + std::to_string(shares.front().first_line) + ":1: the file has a header but no data rows");
    if (rows == 0)
        throw std::runtime_error(path + ":" + std::to_string(out.first_dropped_line) + ":1: every one of the " +
                                 std::to_string(out.rows_dropped) + " data rows has a missing value");
    out.table.rows = std::move(mine.data);
    out.feature_names = std::move(mine.feature_names);
    out.table.view = distribute(comm, out.table.rows.view());
    return out;
}

template DistributedTable<float> make_synthetic_share(MPI_Comm, const SyntheticSpec&);
template DistributedTable<double> make_synthetic_share(MPI_Comm, const SyntheticSpec&);
template CsvShareData<float> read_csv_share(MPI_Comm, const std::string&, const std::string&, const std::vector<std::string>&,
                                            const CsvOptions&);
template CsvShareData<double> read_csv_share(MPI_Comm, const std::string&, const std::string&, const std::vector<std::string>&,
                                             const CsvOptions&);

}  // namespace descent::mpi
