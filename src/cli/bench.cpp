// `descent bench`: full-batch gradient descent epochs (Implementation::descend: the fused pass
// and the parameter update, as fit() runs them) for each implementation as n grows, next to the
// machine's two roofs measured in the same rounds: the read limit for the same bytes, and the
// compute limit of the pass's own arithmetic from registers. With --fit E: whole full-batch
// fits of E epochs, a pass per epoch against the sufficient statistics.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <map>
#include <optional>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "atomic_file.hpp"
#include "commands.hpp"
#include "descent/compute_roof.hpp"
#include "descent/fit.hpp"
#include "descent/isa.hpp"
#include "descent/machine.hpp"
#include "descent/read_bandwidth.hpp"
#include "descent/registry.hpp"
#include "descent/synthetic.hpp"
#include "descent/threads.hpp"
#include "bench.hpp"
#include "peers.hpp"

namespace descent::cli {

namespace {

// One thing timed per round: an implementation's epoch or a read of the same bytes.
struct Competitor {
    std::string name;
    bool threaded;
    std::function<void()> run_once;
};

// Which roof is lower for a cell, and the cell's fraction of it (the read roof: the plain read
// for d = 1, all d + 1 streams read together for d > 1); unset where no compute roof is
// modelled for the competitor's loops (see modelled_by_compute_roof).
struct Roof {
    double compute_fraction;
    bool compute_binds;
    double fraction;
};

struct Record {
    std::string impl, dtype;
    std::size_t d, n;
    int threads;
    double seconds_per_epoch, melem_per_s, gb_per_s, bandwidth_fraction, speedup_over_scalar;
    std::optional<Roof> roof;
};

// Whether the compute probe (compute_roof.hpp) times this implementation's arithmetic on n rows:
// it models the loops of the ISA `simd` dispatches to, on one thread or on the threaded
// kernels' chunks, so `simd`, `simd_omp`, `auto` and the simd_<isa> of that ISA.
bool modelled_by_compute_roof(const Implementation& impl, std::size_t n, std::size_t row_bytes) {
    if (!has_compute_roof()) return false;
    const std::string_view runs = impl.runs_for(n, row_bytes).name();
    return runs == "simd" || runs == "simd_omp" || runs == "simd_" + std::string(to_string(simd_isa()));
}

using Clock = std::chrono::steady_clock;

// Seconds per call: one untimed call (page faults, caches), then calls until min_time passed,
// in batches with the clock read only between them. A clock read costs ~24 ns on this
// project's machine, a tenth of an epoch of 4096 rows: read per call, it made every competitor
// at small n look slower than it is, and ratios between them closer to 1. Each batch aims at
// min_time from the rate so far and at most doubles the calls, so the clock is read a few
// dozen times per round and the round ends close to min_time.
double time_per_call(const std::function<void()>& run_once, double min_time) {
    run_once();
    std::size_t calls = 0;
    std::size_t batch = 1;
    const auto start = Clock::now();
    for (;;) {
        for (std::size_t c = 0; c < batch; ++c) run_once();
        calls += batch;
        const double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
        if (elapsed >= min_time) return elapsed / static_cast<double>(calls);
        const double per_call = elapsed / static_cast<double>(calls);
        const double calls_to_go = per_call > 0 ? (min_time - elapsed) / per_call : static_cast<double>(calls);
        batch = std::min(calls, static_cast<std::size_t>(calls_to_go) + 1);
    }
}

// The median seconds per call of each run, timed in rounds of rotated order, so slow phases of
// a shared machine spread over every competitor.
std::vector<double> rotated_round_medians(const std::vector<std::function<void()>>& runs, const BenchOptions& options) {
    std::vector<std::vector<double>> seconds(runs.size());
    for (int round = 0; round < options.repetitions; ++round)
        for (std::size_t k = 0; k < runs.size(); ++k) {
            const std::size_t c = (k + static_cast<std::size_t>(round)) % runs.size();
            seconds[c].push_back(time_per_call(runs[c], options.min_time));
        }
    std::vector<double> medians;
    for (const std::vector<double>& s : seconds) medians.push_back(median(s));
    return medians;
}

// The read roof of a 16-bit table: the same bytes read as floats (half as many values; what
// they hold does not matter to the time). Float and double tables are read as they are.
template <class T>
using read_probe_t = std::conditional_t<is_storage16<T>, float, T>;
template <class T>
std::span<const read_probe_t<T>> same_bytes(const T* values, std::size_t n) {
    if constexpr (is_storage16<T>)
        return {reinterpret_cast<const float*>(values), n / 2};
    else
        return {values, n};
}
template <class T>
DatasetView<read_probe_t<T>> same_bytes(const DatasetView<T>& data) {
    if constexpr (is_storage16<T>)
        return {reinterpret_cast<const float*>(data.x), reinterpret_cast<const float*>(data.y), data.n / 2, data.d, data.stride / 2};
    else
        return data;
}

template <class T>
void bench_size(const BenchOptions& options, const std::vector<const Implementation*>& impls, std::size_t n,
                std::vector<Record>& records) {
    using P = parameter_t<T>;
    const Dataset<T> data = synthetic_table<T>(bench_spec(options, n));
    const DatasetView<T> view = data.view();

    std::vector<Params<P>> params(impls.size(), Params<P>{P(0), std::vector<P>(options.d, P(0))});
    std::vector<Gradient<P>> gradients(impls.size());
    std::vector<Competitor> competitors;
    for (bool threaded : {false, true})
        competitors.push_back({threaded ? "read_all_threads" : "read_1_thread", threaded, [&data, threaded] {
                                   double sum = read_sum(same_bytes(data.y.data(), data.n()), threaded);  // the target, then every column
                                   for (std::size_t j = 0; j < data.d; ++j) sum += read_sum(same_bytes(data.column(j), data.n()), threaded);
                                   volatile double sink = sum;
                                   (void)sink;
                               }});
    // The compute roof is the loop's steady state: below a chunk it runs a chunk's rows in the
    // shape of n's table and counts as n / kChunkRows of them, since a call's fixed tail (the
    // folds, the step) is the kernel's cost, not the arithmetic's rate.
    const std::size_t probe_rows = std::max(n, kChunkRows);
    if (has_compute_roof())
        for (bool threaded : {false, true})
            competitors.push_back({threaded ? "compute_all_threads" : "compute_1_thread", threaded,
                                   [probe_rows, n, d = options.d, threaded] {
                                       volatile double sink = pass_arithmetic<T>(probe_rows, d, n, threaded);
                                       (void)sink;
                                   }});
    if (options.d > 1)  // the roof for kernels that read every column of a row together
        for (bool threaded : {false, true})
            competitors.push_back({threaded ? "read_rows_all_threads" : "read_rows_1_thread", threaded, [view, threaded] {
                                       volatile double sink = read_rows_sum(same_bytes(view), threaded);
                                       (void)sink;
                                   }});
    for (std::size_t i = 0; i < impls.size(); ++i) {
        const Implementation& impl = *impls[i];
        Params<P>& p = params[i];
        Gradient<P>& g = gradients[i];
        // auto on one thread below its crossover is measured against the one-thread roofs.
        competitors.push_back({std::string(impl.name()), impl.runs_for(view).threaded(), [&impl, &p, &g, view] {
                                   impl.descend(view, p, kLearningRate, g);
                               }});
    }

    if constexpr (!is_storage16<T>)
        if (options.peers)
            for (PeerEpoch& peer : make_peer_epochs(view, T(kLearningRate))) competitors.push_back({peer.name, false, std::move(peer.run_once)});

    std::vector<std::function<void()>> runs;
    for (const Competitor& c : competitors) runs.push_back(c.run_once);
    std::vector<double> medians = rotated_round_medians(runs, options);
    for (std::size_t c = 0; c < competitors.size(); ++c)
        if (competitors[c].name.starts_with("compute_")) medians[c] *= static_cast<double>(n) / static_cast<double>(probe_rows);

    const double bytes = static_cast<double>((options.d + 1) * n * sizeof(T));
    std::map<std::string, double> median_seconds;
    for (std::size_t c = 0; c < competitors.size(); ++c) median_seconds[competitors[c].name] = medians[c];
    const std::string baseline(baseline_implementation().name());
    const double scalar_seconds = median_seconds.count(baseline) ? median_seconds[baseline] : 0;
    std::map<std::string, const Implementation*> by_name;
    for (const Implementation* impl : impls) by_name[std::string(impl->name())] = impl;
    for (const Competitor& c : competitors) {
        const double s = median_seconds[c.name];
        const double read = median_seconds[c.threaded ? "read_all_threads" : "read_1_thread"];
        std::optional<Roof> roof;
        if (by_name.count(c.name) && modelled_by_compute_roof(*by_name[c.name], n, view.row_bytes())) {
            // The read roof of a loop that reads every column of a row together is the read of
            // all d + 1 streams at once, which is slower than one stream after another.
            const double read_as_loop = options.d > 1 ? median_seconds[c.threaded ? "read_rows_all_threads" : "read_rows_1_thread"] : read;
            const double compute = median_seconds[c.threaded ? "compute_all_threads" : "compute_1_thread"];
            roof = Roof{compute / s, compute > read_as_loop, std::max(compute, read_as_loop) / s};  // the lower roof takes longer
        }
        records.push_back({c.name, dtype_name<T>(), options.d, n, c.threaded ? threads_for_rows(n) : 1, s,
                           static_cast<double>(n) / s / 1e6, bytes / s / 1e9, read / s,
                           scalar_seconds > 0 ? scalar_seconds / s : 0, roof});
    }
}

struct FitRecord {
    std::string impl, dtype, method;
    std::size_t d, n, epochs;
    double seconds_per_fit, seconds_per_epoch, fit_over_one_epoch;
};

// One implementation's full-batch fit of E epochs by each method, in rotated rounds. From the
// statistics the fit is timed whole (fit(): the statistics' pass, then E steps of O(d^2)); a
// pass per epoch is E descend calls (fit()'s bookkeeping is a few comparisons an epoch), timed
// as one epoch times E: at n = 2^24 a real one would take a minute a round.
template <class T>
void bench_fit_size(const BenchOptions& options, const std::vector<const Implementation*>& impls, std::size_t n,
                    std::vector<FitRecord>& records) {
    const Dataset<T> data = make_synthetic<T>(bench_spec(options, n));
    const DatasetView<T> view = data.view();
    FitOptions fit_options;
    fit_options.learning_rate = kLearningRate;
    fit_options.epochs = options.fit_epochs;
    fit_options.method = FitMethod::sufficient_statistics;
    fit_options.divergence_patience = options.fit_epochs + 1;  // time every epoch, whatever the loss does
    const Params<T> initial{T(0), std::vector<T>(options.d, T(0))};
    for (const Implementation* impl : impls) {
        Params<T> p = initial;
        Gradient<T> g;
        const std::vector<double> medians = rotated_round_medians(
            {[impl, &p, &g, view] { impl->descend(view, p, kLearningRate, g); },
             [impl, &fit_options, &initial, view] {
                 volatile std::size_t sink = fit(*impl, view, initial, fit_options).epochs_run;
                 (void)sink;
             }},
            options);
        const double epoch = medians[0], statistics_fit = medians[1];
        const std::string dtype = dtype_name<T>(), name(impl->name());
        records.push_back({name, dtype, to_string(FitMethod::pass_per_epoch), options.d, n, options.fit_epochs,
                           epoch * static_cast<double>(options.fit_epochs), epoch, static_cast<double>(options.fit_epochs)});
        records.push_back({name, dtype, to_string(FitMethod::sufficient_statistics), options.d, n, options.fit_epochs,
                           statistics_fit, epoch, statistics_fit / epoch});
    }
}

void print_fit_table(const std::vector<FitRecord>& records) {
    std::printf("%-5s %10s %-12s %-22s %7s %14s %12s\n", "dtype", "n", "impl", "method", "epochs", "s_per_fit", "x_one_epoch");
    for (const FitRecord& r : records)
        std::printf("%-5s %10zu %-12s %-22s %7zu %14.6g %12.3g\n", r.dtype.c_str(), r.n, r.impl.c_str(), r.method.c_str(),
                    r.epochs, r.seconds_per_fit, r.fit_over_one_epoch);
}

void print_table(const std::vector<Record>& records) {
    std::printf("%-5s %10s %-21s %7s %12s %9s %10s %10s %8s %9s\n", "dtype", "n", "impl", "threads", "Melem/s", "GB/s",
                "of_read", "of_compute", "of_roof", "x_scalar");
    for (const Record& r : records) {
        const std::string speedup = r.speedup_over_scalar > 0 ? std::to_string(r.speedup_over_scalar).substr(0, 6) : "-";
        char compute[16] = "-", roof[24] = "-";
        if (r.roof) {
            std::snprintf(compute, sizeof compute, "%.0f%%", 100 * r.roof->compute_fraction);
            std::snprintf(roof, sizeof roof, "%.0f%% %s", 100 * r.roof->fraction, r.roof->compute_binds ? "C" : "R");
        }
        std::printf("%-5s %10zu %-21s %7d %12.1f %9.2f %9.0f%% %10s %8s %9s\n", r.dtype.c_str(), r.n, r.impl.c_str(),
                    r.threads, r.melem_per_s, r.gb_per_s, 100 * r.bandwidth_fraction, compute, roof, speedup.c_str());
    }
}

// The smallest n of the run from which auto's threaded choice beat its single-thread one at
// every larger n: where threads start to pay, beside where `auto` switches (its own
// measurement, or DESCENT_AUTO_CROSSOVER).
void print_crossover(const std::vector<Record>& records, const std::string& auto_crossover) {
    const std::string one_thread = "simd", threads = "simd_omp";
    for (const char* dtype : {"f32", "f64", "bf16", "f16"}) {
        std::map<std::size_t, double> single, threaded;
        for (const Record& r : records) {
            if (r.dtype != dtype) continue;
            if (r.impl == one_thread) single[r.n] = r.seconds_per_epoch;
            if (r.impl == threads) threaded[r.n] = r.seconds_per_epoch;
        }
        if (single.empty() || threaded.empty()) continue;
        std::optional<std::size_t> from;
        for (auto it = single.rbegin(); it != single.rend() && threaded.count(it->first); ++it) {
            if (threaded[it->first] > 0.95 * it->second) break;  // 5%: beyond the noise of a run
            from = it->first;
        }
        if (from)
            std::printf("# %s crossover: %s faster than %s from n = %zu on (auto: %s)\n", dtype, threads.c_str(),
                        one_thread.c_str(), *from, auto_crossover.c_str());
        else
            std::printf("# %s crossover: %s was not faster than %s at the largest n\n", dtype, threads.c_str(),
                        one_thread.c_str());
    }
}

void write_json(const std::string& path, const std::vector<Record>& records) {
    const CacheSizes caches = cache_sizes();
    const nlohmann::json cache_json{{"l1d", caches.l1d}, {"l2", caches.l2}, {"l3", caches.l3}};
    nlohmann::json out = nlohmann::json::array();
    for (const Record& r : records)
        out.push_back({{"impl", r.impl},
                       {"dtype", r.dtype},
                       {"d", r.d},
                       {"n", r.n},
                       {"threads", r.threads},
                       {"seconds_per_epoch", r.seconds_per_epoch},
                       {"melem_per_s", r.melem_per_s},
                       {"gb_per_s", r.gb_per_s},
                       {"bandwidth_fraction", r.bandwidth_fraction},
                       {"speedup_over_scalar", r.speedup_over_scalar},
                       {"compute_fraction", r.roof ? nlohmann::json(r.roof->compute_fraction) : nlohmann::json()},
                       {"roof", r.roof ? nlohmann::json(r.roof->compute_binds ? "compute" : "read") : nlohmann::json()},
                       {"roof_fraction", r.roof ? nlohmann::json(r.roof->fraction) : nlohmann::json()},
                       {"cpu", cpu_model()},
                       {"caches", cache_json}});
    AtomicFile file(path);
    file.stream() << out.dump(2) << '\n';
    file.commit();
}

void write_fit_json(const std::string& path, const std::vector<FitRecord>& records) {
    nlohmann::json out = nlohmann::json::array();
    for (const FitRecord& r : records)
        out.push_back({{"impl", r.impl},
                       {"dtype", r.dtype},
                       {"d", r.d},
                       {"n", r.n},
                       {"method", r.method},
                       {"epochs", r.epochs},
                       {"seconds_per_fit", r.seconds_per_fit},
                       {"seconds_per_epoch", r.seconds_per_epoch},
                       {"fit_over_one_epoch", r.fit_over_one_epoch},
                       {"cpu", cpu_model()}});
    AtomicFile file(path);
    file.stream() << out.dump(2) << '\n';
    file.commit();
}

// Every dtype and n of the options, in that order: bench_size(a value of the element type, n,
// records) adds each size's records, which are printed as they come.
template <class R, class BenchSize>
std::vector<R> over_sizes(const BenchOptions& options, BenchSize bench_size, void (*print)(const std::vector<R>&)) {
    std::vector<R> records;
    for (const std::string& dtype : options.dtypes)
        for (std::size_t n = options.min_n; n <= options.max_n; n *= 4) {
            const std::size_t first = records.size();
            with_dtype(dtype, [&](auto value) { bench_size(value, n, records); });
            print({records.begin() + static_cast<std::ptrdiff_t>(first), records.end()});
            std::fflush(stdout);
        }
    return records;
}

void run_fit_bench(const BenchOptions& options, const std::vector<const Implementation*>& impls) {
    std::printf("# %s, %d OpenMP threads, d = %zu, full-batch fits of %zu epochs, median of %d rounds of >= %.2f s\n",
                cpu_model().c_str(), openmp_threads(), options.d, options.fit_epochs, options.repetitions, options.min_time);
    const std::vector<FitRecord> records = over_sizes<FitRecord>(
        options,
        [&](auto value, std::size_t n, std::vector<FitRecord>& out) {
            if constexpr (!is_storage16<decltype(value)>) bench_fit_size<decltype(value)>(options, impls, n, out);  // refused in the callback
        },
        print_fit_table);
    if (!options.json.empty()) write_fit_json(options.json, records);
}

void run_bench(const BenchOptions& options) {
    std::vector<const Implementation*> impls;
    if (options.impls.empty())
        impls = supported_implementations();
    else
        for (const std::string& name : options.impls) impls.push_back(&find_implementation(name));
    // auto measures its crossover at its first large table: here, before any call is timed.
    const std::string crossover = describe_auto_crossover();
    if (options.fit_epochs) return run_fit_bench(options, options.impls.empty() ? std::vector{&find_implementation("auto")} : impls);
    const CacheSizes caches = cache_sizes();
    std::printf("# %s, %d OpenMP threads, d = %zu, median of %d rounds of >= %.2f s; elem = one row\n",
                cpu_model().c_str(), openmp_threads(), options.d, options.repetitions, options.min_time);
    std::printf("# caches: L1d %zu KiB, L2 %zu KiB, L3 %zu KiB; a row is %zu values\n", caches.l1d >> 10, caches.l2 >> 10,
                caches.l3 >> 10, options.d + 1);
    std::printf("# of_read, of_compute: the epoch's speed over the read roof's and the compute roof's (the pass's "
                "arithmetic from registers); of_roof: over the lower of the two, R or C\n");
    const std::vector<Record> records = over_sizes<Record>(
        options, [&](auto value, std::size_t n, std::vector<Record>& out) { bench_size<decltype(value)>(options, impls, n, out); },
        print_table);
    print_crossover(records, crossover);
    if (!options.json.empty()) write_json(options.json, records);
}

}  // namespace

void add_bench_command(CLI::App& app) {
    auto options = std::make_shared<BenchOptions>();
    CLI::App* bench = app.add_subcommand("bench", "Gradient-descent epoch throughput of each implementation as n grows");
    bench->add_option("--d", options->d, "Features")->capture_default_str()->check(at_least_one);
    bench->add_option("--min-n", options->min_n, "Smallest n (then times 4)")->capture_default_str()->check(at_least_one);
    bench->add_option("--max-n", options->max_n, "Largest n")->capture_default_str();
    bench->add_option("--dtype", options->dtypes, "f32, f64 (the default: both), bf16, f16; any of them")
        ->check(CLI::IsMember(kDtypes));
    bench->add_option("--impl", options->impls, "Implementations to time (default: every supported one)");
    bench->add_option("--repetitions", options->repetitions, "Rounds; the median is reported")
        ->capture_default_str()
        ->check(at_least_one);
    bench->add_option("--min-time", options->min_time, "Seconds each competitor runs per round")->capture_default_str();
    bench->add_option("--json", options->json, "Also write the records to this JSON file");
    bench->add_flag("--peers", options->peers, "Also time the same epoch written with Eigen and with BLAS (OpenBLAS, 1 thread)");
    bench->add_option("--fit", options->fit_epochs,
                      "Time whole full-batch fits of this many epochs instead, a pass per epoch against the sufficient "
                      "statistics (default implementation: auto)")
        ->expected(0, 1)
        ->default_str("1000")
        ->check(at_least_one);
    bench->add_flag("--mpi", options->mpi,
                    "Under mpirun: time epochs over the job's ranks, compute and communication apart, against one "
                    "process on the same cores");
    bench->callback([options] {
        drop_repeats(options->dtypes);
        drop_repeats(options->impls);
        // fit() and the MPI layer take float or double data; 16-bit storage has its epochs timed.
        const bool storage16 = std::any_of(options->dtypes.begin(), options->dtypes.end(), is_storage16_dtype);
        if (storage16 && (options->fit_epochs || options->mpi))
            throw CLI::ValidationError("--dtype", std::string(options->mpi ? "--mpi" : "--fit") +
                                                       " runs f32 and f64 data only; bf16 and f16 time epochs without it");
        if (!options->mpi) return run_bench(*options);
        if (const int status = run_mpi_bench(*options); status != 0) std::exit(status);
    });
}

}  // namespace descent::cli
