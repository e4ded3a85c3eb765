// `mpirun -np K descent train`: the same experiment as one process, with the same bits, over
// the ranks of an MPI job (descent::mpi). Each rank makes or reads only its share of the rows;
// the shuffled split sends each row once to the rank that trains on it; rank 0 alone reports.
#include <chrono>
#include <stdexcept>
#include <string>

#include "descent/mpi.hpp"
#include "descent/registry.hpp"
#include "mpi_session.hpp"
#include "train.hpp"

namespace descent::cli {

namespace {

template <class T>
int train_distributed(const TrainOptions& o, MPI_Comm comm, int rank, int ranks) {
    if (!o.npy_x.empty() || !o.npy_y.empty())
        throw std::invalid_argument("--npy-x and --npy-y are not read over MPI yet: give the data as --csv, or train in one process");
    if (!o.data_out.empty())
        throw std::invalid_argument("--data-out is not written over MPI: the rows are spread over the ranks");
    const Implementation& impl = o.impl.empty() ? default_implementation() : find_implementation(o.impl);
    ProgressLine progress(o.progress);

    const auto start = std::chrono::steady_clock::now();
    DataSource source;
    mpi::DistributedTable<T> rows;
    std::vector<std::string> names;
    if (!o.csv.empty()) {
        mpi::CsvShareData<T> read = mpi::read_csv_share<T>(comm, o.csv, o.target, o.features, csv_options(o, progress));
        rows = std::move(read.table);
        names = std::move(read.feature_names);
        source = {o.csv, 0, read.rows_dropped, read.first_dropped_line};
    } else {
        mpi::on_every_rank(comm, [&] { require_synthetic_memory<T>(o, mpi::chunk_share(o.n, rank, ranks).size()); });
        rows = mpi::make_synthetic_share<T>(comm, synthetic_spec(o));
        names = synthetic_names(o);
    }
    source.load_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

    mpi::DistributedSplit<T> split = mpi::shuffled_split(rows.view, o.val_fraction, o.seed);
    rows = {};
    PreparedData<mpi::DistributedView<T>> data;
    if (o.standardize) {
        data.scaler = mpi::fit_scaler(split.train.view, names);
        data.scaler->transform_in_place(split.train.rows);
        data.scaler->transform_in_place(split.validation.rows);
    }
    data.train = split.train.view;
    data.validation = split.validation.view;
    data.n_train = data.train.global_rows;
    data.n_val = data.validation.global_rows;
    data.ols = mpi::ordinary_least_squares(data.train);
    data.max_stable_lr = mpi::max_stable_learning_rate(data.train);
    data.ols_train_loss = mpi::mse(impl, data.train, narrowed<T>(data.ols));
    return train_and_report<T>(o, data, impl, source, ranks, progress);
}

}  // namespace

int run_train_distributed(const TrainOptions& options) {
    const MpiSession session;
    TrainOptions o = options;
    if (session.rank() != 0) {  // the others train in silence
        o.reports = false;
        o.progress = false;
        o.log_every = 0;
        o.path_out.clear();
        o.json_path.clear();
    }
    return session.run([&] {
        const int rank = session.rank(), ranks = session.ranks();
        return o.dtype == "f32" ? train_distributed<float>(o, MPI_COMM_WORLD, rank, ranks)
                                : train_distributed<double>(o, MPI_COMM_WORLD, rank, ranks);
    });
}

}  // namespace descent::cli
