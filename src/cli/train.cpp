// `descent train`: the book's experiment end to end. Data (synthetic or CSV), shuffled split,
// optional standardization, initialization, gradient descent with any implementation, the
// closed-form answer and the stable learning-rate bound beside it.
#include <chrono>
#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>

#include <map>
#include <optional>
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

namespace descent::cli {

namespace {

struct TrainOptions {
    std::size_t n = 100;
    std::uint64_t seed = 42;
    double true_b = 1, noise = 0.1;
    std::vector<double> true_w{2};
    double val_fraction = 0.2;
    FitOptions fit;
    std::optional<double> tolerance;
    bool standardize = false;
    std::optional<double> init_b;
    std::vector<double> init_w;
    std::string csv, target;
    std::vector<std::string> features;
    std::string delimiter = ",", decimal = ".";
    bool drop_missing = false;
    std::string npy_x, npy_y;
    std::string dtype = "f64";
    std::string impl;
    bool json = false;
    std::string json_path;  // empty: standard output
    std::size_t history_every = 1;
    std::size_t log_every = 0;
    bool progress = ProgressLine::wanted_by_default();
    bool lr_sweep = false;
    std::string path_out, data_out;
};

// Everything train computes, in double, for the summary, the JSON and the sweep.
struct TrainReport {
    std::string impl, impl_used, dtype, method;
    std::size_t n_train = 0, n_val = 0;
    double learning_rate = 0, max_stable_lr = 0, ols_train_loss = 0, seconds = 0;
    std::string source;
    double load_seconds = 0;
    std::size_t rows_dropped = 0, first_dropped_line = 0;
    LeastSquaresFit ols;
    FitResult<double> result;  // parameters and history, widened to double
    std::optional<LeastSquaresFit> original;  // b, w in the original units when standardized
};

template <class T>
Params<double> widen(const Params<T>& p) {
    return {static_cast<double>(p.b), std::vector<double>(p.w.begin(), p.w.end())};
}

// The rows train works on: its own (synthetic, CSV, or copied), or a view of mapped .npy files.
template <class T>
struct Table {
    Dataset<T> owned;
    NpyData<T> mapped;
    bool borrowed = false;
    std::vector<std::string> names;
    std::string source = "synthetic data";
    std::size_t rows_dropped = 0, first_dropped_line = 0;
    double load_seconds = 0;

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

char one_byte(const std::string& text, const char* option) {
    if (text == "\\t" || text == "tab") return '\t';
    if (text.size() != 1) throw std::invalid_argument(std::string(option) + " takes one character (or 'tab'), got '" + text + "'");
    return text[0];
}

template <class T>
Table<T> load(const TrainOptions& o, ProgressLine& progress) {
    const auto start = std::chrono::steady_clock::now();
    Table<T> table;
    if (!o.csv.empty() && !o.npy_x.empty()) throw std::invalid_argument("--csv and --npy-x are two sources: give one");
    if (!o.csv.empty()) {
        if (o.target.empty()) throw std::invalid_argument("--csv needs --target COLUMN");
        CsvOptions options;
        options.delimiter = one_byte(o.delimiter, "--delimiter");
        options.decimal = one_byte(o.decimal, "--decimal");
        options.drop_missing = o.drop_missing;
        if (progress.enabled())
            options.on_progress = [&](const CsvProgress& p) {
                char text[160];
                std::snprintf(text, sizeof text, "reading %s: %.0f%% (%.1f M rows)", o.csv.c_str(),
                              100.0 * static_cast<double>(p.bytes_done) / static_cast<double>(std::max<std::uint64_t>(p.bytes_total, 1)),
                              static_cast<double>(p.rows) / 1e6);
                progress.show(text);
            };
        CsvData<T> read = read_csv<T>(o.csv, o.target, o.features, options);
        table.owned = std::move(read.data);
        table.names = std::move(read.feature_names);
        table.rows_dropped = read.rows_dropped;
        table.first_dropped_line = read.first_dropped_line;
        table.source = o.csv;
    } else if (!o.npy_x.empty() || !o.npy_y.empty()) {
        if (o.npy_x.empty() || o.npy_y.empty()) throw std::invalid_argument("--npy-x and --npy-y go together");
        table.mapped = read_npy<T>(o.npy_x, o.npy_y);
        table.names = table.mapped.feature_names;
        table.borrowed = true;
        table.source = o.npy_x + " and " + o.npy_y;
    } else {
        const std::size_t d = o.true_w.size();
        require_memory(table_bytes(padded_stride<T>(o.n), d + 1, sizeof(T)), "the synthetic table",
                       std::to_string(o.n) + " rows x " + std::to_string(d + 1) + " columns x " + std::to_string(sizeof(T)) + " bytes");
        table.owned = make_synthetic<T>({o.n, o.true_b, o.true_w, o.noise, o.seed});
        for (std::size_t j = 0; j < d; ++j) table.names.push_back("x" + std::to_string(j + 1));
    }
    table.load_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
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

// The data in the units training sees, plus what is needed to report it. The training and
// validation rows are views of one table, shuffled in place when there is a validation set.
template <class T>
struct PreparedData {
    DatasetView<T> train, validation;
    std::optional<StandardScaler> scaler;
    // Where descent should land and how fast it may go, on `train`: computed once per run.
    LeastSquaresFit ols;
    double ols_train_loss = 0;
    double max_stable_lr = 0;
};

template <class T>
PreparedData<T> prepare(const TrainOptions& o, const Implementation& impl, Table<T>& table) {
    PreparedData<T> prepared;
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
    prepared.ols = ordinary_least_squares(prepared.train);
    prepared.max_stable_lr = max_stable_learning_rate(prepared.train);
    Params<T> ols_params{static_cast<T>(prepared.ols.b), {}};
    for (double w : prepared.ols.w) ols_params.w.push_back(static_cast<T>(w));
    prepared.ols_train_loss = impl.mse(prepared.train, ols_params);
    return prepared;
}

template <class T>
Params<T> initial_params(const TrainOptions& o, std::size_t d) {
    Params<T> p = random_params<T>(d, o.seed);
    if (o.init_b) p.b = static_cast<T>(*o.init_b);
    if (!o.init_w.empty()) {
        if (o.init_w.size() != d)
            throw std::invalid_argument("--init-w has " + std::to_string(o.init_w.size()) + " values for d = " +
                                        std::to_string(d) + " features");
        p.w.assign(o.init_w.begin(), o.init_w.end());
    }
    return p;
}

// The history fit keeps (and the path, when asked) grow with the epochs: checked before.
template <class T>
void check_history_fits(const TrainOptions& o, std::size_t d, bool path) {
    const std::uint64_t per_epoch = sizeof(EpochLosses) + (path ? sizeof(Params<double>) + d * sizeof(double) : 0);
    require_memory(table_bytes(o.fit.epochs, per_epoch, 1), "the history of " + std::to_string(o.fit.epochs) + " epochs",
                   std::to_string(per_epoch) + " bytes an epoch" + (path ? ", with --path" : ""));
}

template <class T>
TrainReport train_once(const TrainOptions& o, const PreparedData<T>& data, const Implementation& impl, double lr,
                       std::vector<Params<double>>* path, ProgressLine& progress) {
    const DatasetView<T> train = data.train;
    const DatasetView<T> validation = data.validation;
    check_history_fits<T>(o, train.d, path != nullptr);
    TrainReport report;
    report.impl = std::string(impl.name());
    report.impl_used = std::string(impl.runs_for(train.n).name());
    report.dtype = sizeof(T) == 4 ? "f32" : "f64";
    report.method = to_string(o.fit.method);
    report.n_train = train.n;
    report.n_val = validation.n;
    report.learning_rate = lr;
    report.ols = data.ols;
    report.max_stable_lr = data.max_stable_lr;
    report.ols_train_loss = data.ols_train_loss;

    FitOptions fit_options = o.fit;
    fit_options.learning_rate = lr;
    fit_options.tolerance = o.tolerance;
    std::vector<EpochCallback<T>> callbacks;
    if (o.log_every) callbacks.push_back(progress_printer<T>(o.log_every));
    if (progress.enabled())
        callbacks.push_back([&](const EpochReport<T>& r) {
            char text[160];
            const int written = std::snprintf(text, sizeof text, "epoch %zu/%zu  train loss %.6g", r.losses.epoch, o.fit.epochs,
                                              r.losses.train_loss);
            if (r.losses.validation_loss && written > 0 && static_cast<std::size_t>(written) < sizeof text)
                std::snprintf(text + written, sizeof text - static_cast<std::size_t>(written), "  validation loss %.6g",
                              *r.losses.validation_loss);
            progress.show(text, r.losses.epoch == o.fit.epochs);
            return true;
        });
    if (path) {
        path->push_back(widen(initial_params<T>(o, train.d)));
        callbacks.push_back([path](const EpochReport<T>& r) {
            path->push_back(widen(r.params));
            return true;
        });
    }
    const auto start = std::chrono::steady_clock::now();
    const FitResult<T> result = fit(impl, train, validation, initial_params<T>(o, train.d), fit_options, callbacks);
    report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    report.result = {widen(result.params), result.history, result.epochs_run, result.stop_reason, result.message};
    if (data.scaler) {
        const Params<T> original = data.scaler->to_original_units(result.params);
        report.original = LeastSquaresFit{static_cast<double>(original.b), std::vector<double>(original.w.begin(), original.w.end())};
    }
    return report;
}

double largest_difference(const Params<double>& p, const LeastSquaresFit& ols) {
    double diff = std::fabs(p.b - ols.b);
    for (std::size_t j = 0; j < p.w.size(); ++j) diff = std::max(diff, std::fabs(p.w[j] - ols.w[j]));
    return diff;
}

std::string join(const std::vector<double>& values) {
    std::string text;
    for (double v : values) text += (text.empty() ? "" : ", ") + std::to_string(v);
    return text;
}

void print_summary(const TrainReport& r, bool standardized) {
    const auto& h = r.result.history;
    std::printf("data:            %s (loaded in %.3g s)\n", r.source.c_str(), r.load_seconds);
    if (r.rows_dropped)
        std::printf("dropped:         %zu rows with a missing value (the first on line %zu)\n", r.rows_dropped, r.first_dropped_line);
    std::printf("implementation:  %s%s (%s)%s\n", r.impl.c_str(), r.impl == r.impl_used ? "" : (" -> " + r.impl_used).c_str(),
                r.dtype.c_str(), r.method == "sufficient_statistics" ? ", epochs from the sufficient statistics" : "");
    std::printf("rows:            %zu train, %zu validation%s\n", r.n_train, r.n_val,
                standardized ? " (features standardized on the training split)" : "");
    std::printf("stopped:         %s after %zu epochs: %s\n", to_string(r.result.stop_reason).c_str(), r.result.epochs_run,
                r.result.message.c_str());
    if (!h.empty()) {
        std::printf("train loss:      %.9g\n", h.back().train_loss);
        if (h.back().validation_loss) std::printf("validation loss: %.9g\n", *h.back().validation_loss);
    }
    std::printf("gradient descent: b = %.9f, w = [%s]\n", r.result.params.b, join(r.result.params.w).c_str());
    std::printf("closed form:      b = %.9f, w = [%s]  (train loss %.9g)\n", r.ols.b, join(r.ols.w).c_str(), r.ols_train_loss);
    std::printf("largest |difference|: %.3g\n", largest_difference(r.result.params, r.ols));
    if (r.original)
        std::printf("original units:   b = %.9f, w = [%s]\n", r.original->b, join(r.original->w).c_str());
    std::printf("max stable learning rate: %.6g (2 / largest Hessian eigenvalue)\n", r.max_stable_lr);
    std::printf("time:            %.3g s\n", r.seconds);
}

nlohmann::json to_json(const TrainReport& r, std::size_t history_every) {
    const auto& h = r.result.history;
    nlohmann::json history = nlohmann::json::array();
    for (std::size_t i = 0; i < h.size(); ++i)
        if ((i + 1) % history_every == 0 || i + 1 == h.size())
            history.push_back({{"epoch", h[i].epoch},
                               {"train_loss", h[i].train_loss},
                               {"val_loss", h[i].validation_loss ? nlohmann::json(*h[i].validation_loss) : nlohmann::json()}});
    nlohmann::json out{{"impl", r.impl},
                       {"impl_used", r.impl_used},
                       {"dtype", r.dtype},
                       {"method", r.method},
                       {"n_train", r.n_train},
                       {"n_val", r.n_val},
                       {"epochs_run", r.result.epochs_run},
                       {"stop_reason", to_string(r.result.stop_reason)},
                       {"message", r.result.message},
                       {"b", r.result.params.b},
                       {"w", r.result.params.w},
                       {"train_loss", h.empty() ? nlohmann::json() : nlohmann::json(h.back().train_loss)},
                       {"val_loss", h.empty() || !h.back().validation_loss ? nlohmann::json() : nlohmann::json(*h.back().validation_loss)},
                       {"ols_b", r.ols.b},
                       {"ols_w", r.ols.w},
                       {"ols_train_loss", r.ols_train_loss},
                       {"lr", r.learning_rate},
                       {"max_stable_lr", r.max_stable_lr},
                       {"seconds", r.seconds},
                       {"source", r.source},
                       {"load_seconds", r.load_seconds},
                       {"rows_dropped", r.rows_dropped},
                       {"history", history}};
    if (r.original) {
        out["b_original"] = r.original->b;
        out["w_original"] = r.original->w;
    }
    return out;
}

// To standard output, or to the file --json names (written whole or not at all).
void print_json(const TrainOptions& o, const nlohmann::json& json) {
    if (o.json_path.empty()) {
        std::printf("%s\n", json.dump(2).c_str());
        return;
    }
    AtomicFile out(o.json_path);
    out.stream() << json.dump(2) << "\n";
    out.commit();
}

// The learning rate's effect, as fractions of the stable bound: too small, good, too large.
template <class T>
void run_sweep(const TrainOptions& o, const PreparedData<T>& data, const Implementation& impl, ProgressLine& progress) {
    const double bound = data.max_stable_lr;
    nlohmann::json rows = nlohmann::json::array();
    if (!o.json) std::printf("%-12s %-10s %-10s %-9s %-14s %s\n", "lr", "x_bound", "converged", "epochs", "final_loss", "stop");
    for (double fraction : {0.01, 0.1, 0.5, 0.9, 0.99, 1.01, 1.5}) {
        const TrainReport r = train_once(o, data, impl, fraction * bound, nullptr, progress);
        // Converged: the training loss came within 1e-6 (relative) of the closed form's.
        const double target = r.ols_train_loss * (1 + 1e-6);
        std::optional<std::size_t> epochs;
        for (const EpochLosses& e : r.result.history)
            if (e.train_loss <= target) {
                epochs = e.epoch;
                break;
            }
        const double final_loss = r.result.history.back().train_loss;
        if (o.json)
            rows.push_back({{"lr", fraction * bound}, {"fraction_of_bound", fraction}, {"converged", epochs.has_value()},
                            {"epochs", epochs ? nlohmann::json(*epochs) : nlohmann::json()},
                            {"final_loss", std::isfinite(final_loss) ? nlohmann::json(final_loss) : nlohmann::json()},
                            {"stop_reason", to_string(r.result.stop_reason)}});
        else
            std::printf("%-12.6g %-10.2f %-10s %-9s %-14.6g %s\n", fraction * bound, fraction, epochs ? "yes" : "no",
                        epochs ? std::to_string(*epochs).c_str() : "-", final_loss, to_string(r.result.stop_reason).c_str());
    }
    if (o.json) print_json(o, nlohmann::json{{"max_stable_lr", bound}, {"sweep", rows}});
}

void write_path(const std::string& file, const std::vector<Params<double>>& path) {
    AtomicFile out(file);
    out.stream() << "epoch,b";
    for (std::size_t j = 0; j < path.front().w.size(); ++j) out.stream() << ",w" << j + 1;
    out.stream() << "\n";
    out.stream().precision(17);
    for (std::size_t e = 0; e < path.size(); ++e) {
        out.stream() << e << "," << path[e].b;
        for (double w : path[e].w) out.stream() << "," << w;
        out.stream() << "\n";
    }
    out.commit();
}

template <class T>
void run_train(const TrainOptions& o) {
    const Implementation& impl = o.impl.empty() ? default_implementation() : find_implementation(o.impl);
    ProgressLine progress(o.progress);
    Table<T> table = load<T>(o, progress);
    const PreparedData<T> data = prepare<T>(o, impl, table);
    if (o.lr_sweep) return run_sweep(o, data, impl, progress);
    std::vector<Params<double>> path;
    TrainReport report = train_once(o, data, impl, o.fit.learning_rate, o.path_out.empty() ? nullptr : &path, progress);
    report.source = table.source;
    report.load_seconds = table.load_seconds;
    report.rows_dropped = table.rows_dropped;
    report.first_dropped_line = table.first_dropped_line;
    if (!o.path_out.empty()) write_path(o.path_out, path);
    if (o.json)
        print_json(o, to_json(report, o.history_every));
    else
        print_summary(report, o.standardize);
    if (report.result.stop_reason == StopReason::diverged) {
        std::fprintf(stderr, "descent: %s\n", report.result.message.c_str());
        std::exit(3);
    }
}

}  // namespace

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
    train->add_option("--dtype", o->dtype, "f32 or f64")->capture_default_str()->check(CLI::IsMember({"f32", "f64"}));
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
        o->dtype == "f32" ? run_train<float>(*o) : run_train<double>(*o);
    });
}

}  // namespace descent::cli
