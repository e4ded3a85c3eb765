// `descent train` in parts: its options, its report, and the training and reporting that one
// process (train.cpp) and the ranks of an MPI job (train_distributed.cpp) share. What differs
// is only where the rows live: a DatasetView, or a descent::mpi::DistributedView, whose
// functions of the same names (fit) overload resolution picks.
#pragma once

#include <chrono>
#include <cmath>
#include <cstdio>
#include <optional>
#include <string>
#include <vector>

#include "descent/csv.hpp"
#include "descent/fit.hpp"
#include "descent/least_squares.hpp"
#include "descent/memory.hpp"
#include "descent/scaler.hpp"
#include "descent/synthetic.hpp"
#include "dtypes.hpp"
#include "mpi_launch.hpp"
#include "progress.hpp"

namespace descent::cli {

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
    // False on the ranks of an MPI job but rank 0: they train, and rank 0 alone reports.
    bool reports = true;
};

// Where the data came from, for the report.
struct DataSource {
    std::string name = "synthetic data";
    double load_seconds = 0;
    std::size_t rows_dropped = 0, first_dropped_line = 0;
};

// Everything train computes, in double, for the summary, the JSON and the sweep.
struct TrainReport {
    std::string impl, impl_used, dtype, method;
    std::size_t n_train = 0, n_val = 0;
    double learning_rate = 0, max_stable_lr = 0, ols_train_loss = 0, seconds = 0;
    DataSource source;
    LeastSquaresFit ols;
    FitResult<double> result;  // parameters and history, widened to double
    std::optional<LeastSquaresFit> original;  // b, w in the original units when standardized
    std::optional<int> ranks;  // the MPI job's size, when there is one
};

// The data in the units training sees, plus what is needed to report it.
template <class View>
struct PreparedData {
    View train, validation;
    std::size_t n_train = 0, n_val = 0;  // all rows, on every rank
    std::optional<StandardScaler> scaler;
    // Where descent should land and how fast it may go, on `train`: computed once per run.
    LeastSquaresFit ols;
    double ols_train_loss = 0;
    double max_stable_lr = 0;
};

// The data options as the library takes them (train.cpp).
CsvOptions csv_options(const TrainOptions& o, ProgressLine& progress);
SyntheticSpec synthetic_spec(const TrainOptions& o);
std::vector<std::string> synthetic_names(const TrainOptions& o);

template <class T>
void require_synthetic_memory(const TrainOptions& o, std::size_t rows) {
    const std::size_t d = o.true_w.size();
    require_memory(table_bytes(padded_stride<T>(rows), d + 1, sizeof(T)), "the synthetic table",
                   std::to_string(rows) + " rows x " + std::to_string(d + 1) + " columns x " + std::to_string(sizeof(T)) + " bytes");
}

// train over the ranks of the MPI job this process is one of (train_distributed.cpp): the exit
// status, as train_and_report's. Without the MPI layer, it refuses a job of several ranks.
int run_train_distributed(const TrainOptions& o);

// The closed form's parameters in the data's type, for its training loss.
template <class T>
Params<T> narrowed(const LeastSquaresFit& ols) {
    Params<T> p{static_cast<T>(ols.b), {}};
    for (double w : ols.w) p.w.push_back(static_cast<T>(w));
    return p;
}

template <class T>
Params<double> widen(const Params<T>& p) {
    return {static_cast<double>(p.b), std::vector<double>(p.w.begin(), p.w.end())};
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
void check_history_fits(const TrainOptions& o, std::size_t d, bool path);

void print_summary(const TrainReport& r, bool standardized);
void print_json(const TrainOptions& o, const TrainReport& r);
void print_sweep(const TrainOptions& o, double bound, const std::vector<TrainReport>& runs, const std::vector<double>& fractions);
void write_path(const std::string& file, const std::vector<Params<double>>& path);

// T is the data's element type; the parameters are parameter_t<T> (float for 16-bit data).
template <class T, class View>
TrainReport train_once(const TrainOptions& o, const PreparedData<View>& data, const Implementation& impl, double lr,
                       std::vector<Params<double>>* path, ProgressLine& progress) {
    using P = parameter_t<T>;
    const std::size_t d = data.ols.w.size();
    check_history_fits(o, d, path != nullptr);
    TrainReport report;
    report.impl = std::string(impl.name());
    report.impl_used = std::string(impl.runs_for(data.n_train, (d + 1) * sizeof(T)).name());
    report.dtype = dtype_name<T>();
    report.method = to_string(o.fit.method);
    report.n_train = data.n_train;
    report.n_val = data.n_val;
    report.learning_rate = lr;
    report.ols = data.ols;
    report.max_stable_lr = data.max_stable_lr;
    report.ols_train_loss = data.ols_train_loss;

    FitOptions fit_options = o.fit;
    fit_options.learning_rate = lr;
    fit_options.tolerance = o.tolerance;
    std::vector<EpochCallback<P>> callbacks;
    if (o.log_every) callbacks.push_back(progress_printer<P>(o.log_every));
    if (progress.enabled())
        callbacks.push_back([&](const EpochReport<P>& r) {
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
        path->push_back(widen(initial_params<P>(o, d)));
        callbacks.push_back([path](const EpochReport<P>& r) {
            path->push_back(widen(r.params));
            return true;
        });
    }
    const auto start = std::chrono::steady_clock::now();
    const FitResult<P> result = fit(impl, data.train, data.validation, initial_params<P>(o, d), fit_options, callbacks);
    report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    report.result = {widen(result.params), result.history, result.epochs_run, result.stop_reason, result.message};
    if (data.scaler) {
        const Params<P> original = data.scaler->template to_original_units<P>(result.params);
        report.original = LeastSquaresFit{static_cast<double>(original.b), std::vector<double>(original.w.begin(), original.w.end())};
    }
    return report;
}

// After the data is prepared: the learning-rate sweep, or one training and its report.
// Returns the exit status: 3 when training diverged, else 0.
template <class T, class View>
int train_and_report(const TrainOptions& o, const PreparedData<View>& data, const Implementation& impl, const DataSource& source,
                     std::optional<int> ranks, ProgressLine& progress) {
    if (o.lr_sweep) {
        // The learning rate's effect, as fractions of the stable bound: too small, good, too large.
        const std::vector<double> fractions{0.01, 0.1, 0.5, 0.9, 0.99, 1.01, 1.5};
        std::vector<TrainReport> runs;
        for (double fraction : fractions) runs.push_back(train_once<T>(o, data, impl, fraction * data.max_stable_lr, nullptr, progress));
        if (o.reports) print_sweep(o, data.max_stable_lr, runs, fractions);
        return 0;
    }
    std::vector<Params<double>> path;
    TrainReport report = train_once<T>(o, data, impl, o.fit.learning_rate, o.path_out.empty() ? nullptr : &path, progress);
    report.source = source;
    report.ranks = ranks;
    if (!o.reports) return report.result.stop_reason == StopReason::diverged ? 3 : 0;
    if (!o.path_out.empty()) write_path(o.path_out, path);
    if (o.json)
        print_json(o, report);
    else
        print_summary(report, o.standardize);
    if (report.result.stop_reason == StopReason::diverged) {
        std::fprintf(stderr, "descent: %s\n", report.result.message.c_str());
        return 3;
    }
    return 0;
}

}  // namespace descent::cli
