// descent over MPI (the optional component descent::mpi): the rows of a table spread over the
// ranks of a communicator, every rank taking the same steps, with the same bits as one process
// running simd_omp on the whole table, for any number of ranks and threads per rank.
//
// How the bits stay those of one process: simd_omp cuts the rows into chunks of kChunkRows
// (threads.hpp) and adds the chunks' sums in chunk order. Here every rank holds whole chunks,
// in rank order; each computes its chunks' sums on its own threads, and the running total is
// handed from rank to rank, each adding its chunks in order, then broadcast from the last.
// An epoch costs K - 1 messages in sequence plus one broadcast, 16 (d + 2) bytes each
// (docs/scaling.md).
//
// Every function here is collective: each rank of the communicator calls it with the same
// parameters, learning rate and options; each returns the same values on every rank, or
// throws the same exception on every rank (RankError where one rank's data was at fault).
#pragma once

#include <mpi.h>

#include <cstddef>
#include <functional>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include "descent/dataset.hpp"
#include "descent/export.h"
#include "descent/fit.hpp"
#include "descent/implementation.hpp"
#include "descent/csv.hpp"
#include "descent/least_squares.hpp"
#include "descent/pass_sums.hpp"
#include "descent/scaler.hpp"
#include "descent/synthetic.hpp"

namespace descent::mpi {

// Global rows [begin, end) of a table.
struct RowRange {
    std::size_t begin = 0;
    std::size_t end = 0;
    std::size_t size() const { return end - begin; }
};

// The share of a table of `rows` rows that `rank` of `ranks` holds in the layout the bits need:
// whole chunks of kChunkRows, in rank order, the chunks dealt as evenly as they go (a table of
// fewer chunks than ranks leaves the last ranks empty). Throws std::invalid_argument unless
// 0 <= rank < ranks.
DESCENT_API RowRange chunk_share(std::size_t rows, int rank, int ranks);

// This rank's rows of a table spread over a communicator.
template <class T>
struct DistributedView {
    DatasetView<T> local;         // this rank's rows
    std::size_t first_row = 0;    // the global row of local row 0
    std::size_t global_rows = 0;  // rows on all ranks together
    std::vector<std::size_t> rank_first_rows;  // every rank's first global row, and global_rows last
    MPI_Comm comm = MPI_COMM_NULL;
};

// Collective: the view of this rank's rows, the ranks' rows following one another in rank
// order. Throws std::invalid_argument on every rank when the ranks' d differ. The passes
// (pass_sums and all that uses it, ordinary_least_squares) further need every rank's rows to
// start at a multiple of kChunkRows, the layout chunk_share gives (any other would change the
// bits), and throw std::invalid_argument on every rank otherwise.
template <class T>
DESCENT_API DistributedView<T> distribute(MPI_Comm comm, const DatasetView<T>& local);

// Each local chunk's sums of loss_and_gradient's pass, computed on this rank's OpenMP threads
// with `impl`'s rows (impl.pass_sums per chunk): the first half of pass_sums, apart for timing.
template <class T>
DESCENT_API std::vector<PassSums> local_chunk_sums(const Implementation& impl, const DistributedView<T>& data,
                                                   const Params<T>& params);

// The second half: every rank's chunk sums added in global chunk order, the total on every rank.
// `global_chunks` is chunk_count(global rows): a table of one chunk takes that chunk's sums as
// they are, as simd_omp does.
DESCENT_API PassSums add_in_chunk_order(MPI_Comm comm, std::span<const PassSums> local_chunks, std::size_t global_chunks,
                                        std::size_t d);

// The sums of one fused pass over all ranks' rows: simd_omp's on the whole table, bit for bit,
// when `impl` runs simd's rows (simd, simd_omp, auto). Throws std::invalid_argument for an
// empty table or parameters of another d.
template <class T>
DESCENT_API PassSums pass_sums(const Implementation& impl, const DistributedView<T>& data, const Params<T>& params);

// The kernels of implementation.hpp over all ranks' rows.
template <class T>
DESCENT_API T loss_and_gradient(const Implementation& impl, const DistributedView<T>& data, const Params<T>& params,
                                Gradient<T>& out);
template <class T>
DESCENT_API T descend(const Implementation& impl, const DistributedView<T>& data, Params<T>& params, double learning_rate,
                      Gradient<T>& out);

// fit (fit.hpp) over all ranks' rows: full batch, mini-batch or stochastic, the same history,
// parameters and stop as a single-process fit with simd_omp. A mini-batch's rows are sent to
// the ranks that compute its chunks (chunk k on rank k mod K), so batches of one chunk run on
// one rank at a time, as they run on one thread in simd_omp. `validation` may hold no rows on
// any rank. Throws as fit does, and for FitMethod::sufficient_statistics (not distributed yet).
template <class T>
DESCENT_API FitResult<T> fit(const Implementation& impl, const DistributedView<T>& train,
                             const DistributedView<std::type_identity_t<T>>& validation,
                             std::type_identity_t<Params<T>> initial, const FitOptions& options,
                             std::span<const EpochCallback<std::type_identity_t<T>>> callbacks = {});

// An error that one rank met, told to every rank: "rank R: what went wrong".
class DESCENT_API RankError : public std::runtime_error {
public:
    RankError(int rank, const std::string& what) : std::runtime_error("rank " + std::to_string(rank) + ": " + what), rank_(rank) {}
    int rank() const { return rank_; }

private:
    int rank_;
};

// Collective: runs `step` on every rank, then, if it threw on any, throws on every rank a
// RankError with the message of the lowest rank that failed (the first in file order, when the
// ranks read consecutive parts), so that no rank goes on into a collective that a failed rank
// will never reach. `step` must not itself enter a collective after it could have failed.
DESCENT_API void on_every_rank(MPI_Comm comm, const std::function<void()>& step);

// The rows a rank holds of a table, and its view of them (which points into `rows`: move the
// whole struct, never the Dataset alone).
template <class T>
struct DistributedTable {
    Dataset<T> rows;
    DistributedView<T> view;
};

// This rank's chunk_share of make_synthetic(spec): the same rows, drawn here alone.
template <class T>
DESCENT_API DistributedTable<T> make_synthetic_share(MPI_Comm comm, const SyntheticSpec& spec);

// This rank's share of a CSV file: rank 0 cuts the file at record starts (plan_csv_shares),
// each rank parses its own share only, and the shares' rows follow each other in file order
// (any count per rank; shuffled_split lays them out for training). Errors name the file, line
// and column, as read_csv's, in a RankError; the whole-file checks (no rows, rows after an
// empty line) hold across the ranks. rows_dropped and first_dropped_line are the whole file's.
template <class T>
struct CsvShareData {
    DistributedTable<T> table;
    std::vector<std::string> feature_names;
    std::size_t rows_dropped = 0, first_dropped_line = 0;
};
template <class T>
DESCENT_API CsvShareData<T> read_csv_share(MPI_Comm comm, const std::string& path, const std::string& target,
                                           const std::vector<std::string>& features, const CsvOptions& options);

// shuffle_rows and the train/validation cut of one process (split.hpp), over the ranks: every
// rank draws the same permutation (n indices, 8 bytes each, on every rank), sends each of its
// rows to the rank that holds that row's place, and gets its chunk_share of the training rows
// and of the validation rows, in the order one process would have them. `rows` may be any
// consecutive layout (make_synthetic_share, read_csv_share). Throws as training_rows does.
template <class T>
struct DistributedSplit {
    DistributedTable<T> train, validation;
};
template <class T>
DESCENT_API DistributedSplit<T> shuffled_split(const DistributedView<T>& rows, double validation_fraction, std::uint64_t seed);

// What one process computes on the whole training table, with its bits: the scaler fitted on
// it, the closed form, the stable learning rate, and the mse.
template <class T>
DESCENT_API StandardScaler fit_scaler(const DistributedView<T>& train, const std::vector<std::string>& feature_names = {});
template <class T>
DESCENT_API LeastSquaresFit ordinary_least_squares(const DistributedView<T>& data);
template <class T>
DESCENT_API double max_stable_learning_rate(const DistributedView<T>& data);
template <class T>
DESCENT_API T mse(const Implementation& impl, const DistributedView<T>& data, const Params<T>& params);

}  // namespace descent::mpi
