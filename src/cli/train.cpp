// `descent train`: the book's experiment end to end, in one process. Data (synthetic, CSV or
// .npy), shuffled split, optional standardization, the closed-form answer and the stable
// learning-rate bound; then train.hpp's training and report. The options are defined here.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "atomic_file.hpp"
#include "commands.hpp"
#include "descent/memory.hpp"
#include "descent/npy.hpp"
#include "progress.hpp"
#include "descent/csv.hpp"
#include "descent/fit.hpp"
#include "descent/least_squares.hpp"
#include "descent/registry.hpp"
#include "descent/scaler.hpp"
#include "descent/split.hpp"
#include "descent/synthetic.hpp"
#include "train.hpp"

namespace descent::cli {

namespace {

// The rows train works on: its own (synthetic, CSV, or copied), or a view of mapped .npy files.
template <class T>
struct Table {
    Dataset<T> owned;
    NpyData<T> mapped;
    bool borrowed = false;
    std::vector<std::string> names;
    DataSource source;

    DatasetView<T> view() const { return borrowed ? mapped.view : owned.view(); }
    // Rows train may reorder and rescale: a mapped file is copied once, here.
    Dataset<T>& own() {
        if (borrowed) {
            const DatasetView<T> v = mapped.view;
            require_memory(table_bytes(padded_stride<T>(v.n), v.d + 1, sizeof(T)), "a copy of the .npy data to shuffle or scale",
                           std::to_string(v.n) + " rows x " + std::to_string(v.d + 1) + " columns x " + std::to_string(sizeof(T)) + " bytes");
            owned.assign(v);
            mapped = NpyData<T>();
            borrowed = false;
        }
        return owned;
    }
};

template <class T>
Table<T> load(const TrainOptions& o, ProgressLine& progress) {
    const auto start = std::chrono::steady_clock::now();
    Table<T> table;
    if (!o.csv.empty() && !o.npy_x.empty()) throw std::invalid_argument("--csv and --npy-x are two sources: give one");
    if (!o.csv.empty()) {
        CsvData<T> read = read_csv<T>(o.csv, o.target, o.features, csv_options(o, progress));
        table.owned = std::move(read.data);
        table.names = std::move(read.feature_names);
        table.source.rows_dropped = read.rows_dropped;
        table.source.first_dropped_line = read.first_dropped_line;
        table.source.name = o.csv;
    } else if (!o.npy_x.empty() || !o.npy_y.empty()) {
        if (o.npy_x.empty() || o.npy_y.empty()) throw std::invalid_argument("--npy-x and --npy-y go together");
        table.mapped = read_npy<T>(o.npy_x, o.npy_y);
        table.names = table.mapped.feature_names;
        table.borrowed = true;
        table.source.name = o.npy_x + " and " + o.npy_y;
    } else {
        require_synthetic_memory<T>(o, o.n);
        table.owned = make_synthetic<T>(synthetic_spec(o));
        table.names = synthetic_names(o);
    }
    table.source.load_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return table;
}

// The split rows as CSV: first the training rows, then the validation rows, in original units.
template <class T>
void write_split(const std::string& file, const std::vector<std::string>& names, const DatasetView<T>& rows, std::size_t n_train) {
    AtomicFile out(file);
    out.stream() << "split";
    for (const std::string& name : names) out.stream() << "," << name;
    out.stream() << ",y\n";
    out.stream().precision(9);
    for (std::size_t i = 0; i < rows.n; ++i) {
        out.stream() << (i < n_train ? "train" : "validation");
        for (std::size_t j = 0; j < rows.d; ++j) out.stream() << "," << rows.feature(j)[i];
        out.stream() << "," << rows.y[i] << "\n";
    }
    out.commit();
}

// One table, shuffled in place when there is a validation set: both halves are views of it.
template <class T>
PreparedData<DatasetView<T>> prepare(const TrainOptions& o, const Implementation& impl, Table<T>& table) {
    PreparedData<DatasetView<T>> prepared;
    const std::size_t n = table.view().n;
    const std::size_t n_train = training_rows(n, o.val_fraction);
    if (n_train < n) shuffle_rows(table.own(), o.seed);  // the book's shuffled split; without one the order is kept
    if (!o.data_out.empty()) write_split(o.data_out, table.names, table.view(), n_train);
    if (o.standardize) {
        prepared.scaler = StandardScaler::fit(table.view().rows(0, n_train), table.names);
        prepared.scaler->transform_in_place(table.own());
    }
    prepared.train = table.view().rows(0, n_train);
    prepared.validation = table.view().rows(n_train, n);
    prepared.n_train = n_train;
    prepared.n_val = n - n_train;
    prepared.ols = ordinary_least_squares(prepared.train);
    prepared.max_stable_lr = max_stable_learning_rate(prepared.train);
    prepared.ols_train_loss = impl.mse(prepared.train, narrowed<T>(prepared.ols));
    return prepared;
}

template <class T>
int run_train(const TrainOptions& o) {
    const Implementation& impl = o.impl.empty() ? default_implementation() : find_implementation(o.impl);
    ProgressLine progress(o.progress);
    Table<T> table = load<T>(o, progress);
    const PreparedData<DatasetView<T>> data = prepare<T>(o, impl, table);
    return train_and_report<T>(o, data, impl, table.source, std::nullopt, progress);
}

// 16-bit storage S: the rows are read (or made), split and standardized in float, then both
// halves converted, so the values training sees are rounded once. The closed form stays the
// float data's: the report's comparison with it is what the rounding costs the fit.
template <class S>
int run_train_stored(const TrainOptions& o) {
    const Implementation& impl = o.impl.empty() ? default_implementation() : find_implementation(o.impl);
    ProgressLine progress(o.progress);
    Table<float> table = load<float>(o, progress);
    const PreparedData<DatasetView<float>> unrounded = prepare<float>(o, impl, table);
    const auto store = [&o](const DatasetView<float>& rows, const char* which) {
        try {
            return to_storage16<S>(rows);
        } catch (const std::invalid_argument& e) {
            throw std::invalid_argument("--dtype " + o.dtype + ", the " + which + " rows (after the split" +
                                        (o.standardize ? " and the scaling" : ", --standardize may bring them into range") +
                                        "; rows and features counted from 0): " + e.what());
        }
    };
    const Dataset<S> train = store(unrounded.train, "training"), validation = store(unrounded.validation, "validation");
    PreparedData<DatasetView<S>> data{train.view(), validation.view(), unrounded.n_train, unrounded.n_val,
                                      unrounded.scaler,  unrounded.ols, 0, unrounded.max_stable_lr};
    data.ols_train_loss = impl.mse(data.train, narrowed<float>(data.ols));
    return train_and_report<S>(o, data, impl, table.source, std::nullopt, progress);
}

int run_train_of_dtype(const TrainOptions& o) {
    return with_dtype(o.dtype, [&o](auto value) {
        using T = decltype(value);
        if constexpr (is_storage16<T>)
            return run_train_stored<T>(o);
        else
            return run_train<T>(o);
    });
}

char one_byte(const std::string& text, const char* option) {
    if (text == "\\t" || text == "tab") return '\t';
    if (text.size() != 1) throw std::invalid_argument(std::string(option) + " takes one character (or 'tab'), got '" + text + "'");
    return text[0];
}

}  // namespace

CsvOptions csv_options(const TrainOptions& o, ProgressLine& progress) {
    if (o.target.empty()) throw std::invalid_argument("--csv needs --target COLUMN");
    CsvOptions options;
    options.delimiter = one_byte(o.delimiter, "--delimiter");
    options.decimal = one_byte(o.decimal, "--decimal");
    options.drop_missing = o.drop_missing;
    if (progress.enabled())
        options.on_progress = [&o, &progress](const CsvProgress& p) {
            char text[160];
            std::snprintf(text, sizeof text, "reading %s: %.0f%% (%.1f M rows)", o.csv.c_str(),
                          100.0 * static_cast<double>(p.bytes_done) / static_cast<double>(std::max<std::uint64_t>(p.bytes_total, 1)),
                          static_cast<double>(p.rows) / 1e6);
            progress.show(text);
        };
    return options;
}

SyntheticSpec synthetic_spec(const TrainOptions& o) { return {o.n, o.true_b, o.true_w, o.noise, o.seed}; }

std::vector<std::string> synthetic_names(const TrainOptions& o) {
    std::vector<std::string> names;
    for (std::size_t j = 0; j < o.true_w.size(); ++j) names.push_back("x" + std::to_string(j + 1));
    return names;
}

void add_train_command(CLI::App& app) {
    auto o = std::make_shared<TrainOptions>();
    CLI::App* train = app.add_subcommand("train", "Run the book's experiment: split, (scale), train, compare with the closed form");
    train->add_option("--n", o->n, "Rows of synthetic data")->capture_default_str()->check(at_least_one);
    train->add_option("--seed", o->seed, "Seed of the data, split, initialization and batches")->capture_default_str();
    train->add_option("--true-b", o->true_b, "Synthetic data: the true intercept")->capture_default_str();
    train->add_option("--true-w", o->true_w, "Synthetic data: the true weights (comma-separated; d = their count)")
        ->delimiter(',')
        ->capture_default_str();
    train->add_option("--noise", o->noise, "Synthetic data: standard deviation of the noise")->capture_default_str();
    train->add_option("--val-fraction", o->val_fraction, "Fraction of rows for validation (0: none)")->capture_default_str();
    train->add_option("--lr", o->fit.learning_rate, "Learning rate")->capture_default_str();
    train->add_option("--epochs", o->fit.epochs, "Epochs")->capture_default_str();
    train->add_option("--tolerance", o->tolerance, "Stop when the training loss changes by less than this");
    train->add_option("--batch-size", o->fit.batch_size, "Rows per update: 0 full batch, 1 stochastic")->capture_default_str();
    train->add_option("--method", o->fit.method,
                      "Full-batch epochs from a pass over the rows each (pass), or from the data's sufficient statistics, "
                      "one pass, then O(d^2) an epoch (statistics)")
        ->transform(CLI::CheckedTransformer(std::map<std::string, FitMethod>{{"pass", FitMethod::pass_per_epoch},
                                                                             {"statistics", FitMethod::sufficient_statistics}}))
        ->default_str("pass");
    train->add_flag("--standardize", o->standardize, "Standardize features (statistics of the training split)");
    train->add_option("--init-b", o->init_b, "Initial b (default: standard normal with the seed)");
    train->add_option("--init-w", o->init_w, "Initial w, comma-separated")->delimiter(',');
    train->add_option("--csv", o->csv, "Train on this CSV file (a header line, then records; RFC 4180 quoting)");
    train->add_option("--target", o->target, "The CSV column to predict");
    train->add_option("--features", o->features, "The CSV feature columns (default: all other named ones); others are skipped")
        ->delimiter(',');
    train->add_option("--delimiter", o->delimiter, "The CSV field separator: one character, or 'tab'")->capture_default_str();
    train->add_option("--decimal", o->decimal, "The CSV decimal separator: . or ,")->capture_default_str();
    train->add_flag("--drop-missing", o->drop_missing, "Drop CSV rows with a missing value (empty, NA, NaN) in a used column");
    train->add_option("--npy-x", o->npy_x, "Train on this .npy array of features, shape (n,) or (n, d)");
    train->add_option("--npy-y", o->npy_y, "... and this .npy array of targets, shape (n,)");
    train->add_option("--dtype", o->dtype,
                      "f32 or f64, or bf16 / f16: the training rows stored in 16 bits after the split and the scaling "
                      "(float parameters)")
        ->capture_default_str()
        ->check(CLI::IsMember(kDtypes));
    train->add_option("--impl", o->impl, "Implementation (default: DESCENT_IMPL or auto)");
    CLI::Option* json = train->add_option("--json", o->json_path, "Print one JSON object instead of the summary (to FILE when given)")
                            ->expected(0, 1);
    train->add_option("--history-every", o->history_every, "Keep every K-th epoch in the JSON history")
        ->capture_default_str()
        ->check(at_least_one);
    train->add_option("--log-every", o->log_every, "Print the losses every K epochs to stderr, one line each");
    train->add_flag("--progress,!--no-progress", o->progress,
                    "A status line on stderr while reading and training (default: when stderr is a terminal)");
    train->add_flag("--lr-sweep", o->lr_sweep, "Train with several learning rates around the stable bound");
    train->add_option("--path", o->path_out, "Write the parameters after every epoch to this CSV");
    train->add_option("--data-out", o->data_out, "Write the train/validation rows to this CSV");
    train->callback([o, json] {
        o->json = json->count() > 0;
        if (mpirun_ranks() > 0 && is_storage16_dtype(o->dtype))
            throw CLI::ValidationError("--dtype", "the MPI layer trains f32 and f64 data only; run bf16 and f16 in one process");
        const int status = mpirun_ranks() > 0 ? run_train_distributed(*o) : run_train_of_dtype(*o);
        if (status != 0) std::exit(status);
    });
}

}  // namespace descent::cli
