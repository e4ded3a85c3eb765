// `mpirun -np K descent bench --mpi`: full-batch epochs over the ranks of an MPI job, each
// rank holding its chunk_share of the rows. Per n: the epoch's time, split into the compute
// (the slowest rank's chunk sums) and the communication (the rest: the sums handed from rank
// to rank and broadcast, and any wait for a slower rank); and, in the same rounds, one process
// running simd_omp on the whole table with as many threads as the job has, on the job's CPUs
// (rank 0, while the other ranks sleep): the efficiency is its epoch time over the job's.
#include <omp.h>
#include <sched.h>

#include <chrono>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "atomic_file.hpp"
#include "bench.hpp"
#include "descent/machine.hpp"
#include "descent/memory.hpp"
#include "descent/mpi.hpp"
#include "descent/registry.hpp"
#include "descent/threads.hpp"
#include "mpi_session.hpp"

namespace descent::cli {

namespace {

using Clock = std::chrono::steady_clock;

double since(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

struct MpiRecord {
    std::string impl, dtype;
    std::size_t d, n;
    int ranks, threads_per_rank;
    double seconds_per_epoch, compute_seconds, communication_seconds, one_process_seconds;
    double efficiency() const { return one_process_seconds / seconds_per_epoch; }
};

// The other ranks wait here while rank 0 times one process alone: MPI_Barrier polls, and a
// polling rank would take a core from it.
void wait_without_spinning(MPI_Comm comm) {
    MPI_Request request;
    MPI_Ibarrier(comm, &request);
    for (int done = 0;;) {
        MPI_Test(&request, &done, MPI_STATUS_IGNORE);
        if (done) return;
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
}

// Every rank's CPUs together (mpirun binds each rank to its own cores by default): where one
// process on the job's cores runs. On one node; across nodes the numbers name different CPUs.
cpu_set_t job_cpus(MPI_Comm comm, int ranks) {
    cpu_set_t mine;
    CPU_ZERO(&mine);
    sched_getaffinity(0, sizeof mine, &mine);
    std::vector<cpu_set_t> all(static_cast<std::size_t>(ranks));
    MPI_Allgather(&mine, sizeof mine, MPI_BYTE, all.data(), sizeof mine, MPI_BYTE, comm);
    cpu_set_t together;
    CPU_ZERO(&together);
    for (cpu_set_t& cpus : all) CPU_OR(&together, &together, &cpus);
    return together;
}

// Rank 0 on `cpus` for the length of a scope. OpenMP threads started inside keep them: they
// only run the one-process epochs.
class CpusScope {
public:
    explicit CpusScope(const cpu_set_t& cpus) {
        sched_getaffinity(0, sizeof own_, &own_);
        sched_setaffinity(0, sizeof cpus, &cpus);
    }
    ~CpusScope() { sched_setaffinity(0, sizeof own_, &own_); }
    CpusScope(const CpusScope&) = delete;
    CpusScope& operator=(const CpusScope&) = delete;

private:
    cpu_set_t own_;
};

template <class T>
void bench_size(const BenchOptions& options, const Implementation& impl, std::size_t n, const MpiSession& session,
                const cpu_set_t& cpus, std::vector<MpiRecord>& records) {
    const MPI_Comm comm = MPI_COMM_WORLD;
    const bool root = session.rank() == 0;
    const SyntheticSpec spec = bench_spec(options, n);
    mpi::on_every_rank(comm, [&] {
        const std::size_t rows = mpi::chunk_share(n, session.rank(), session.ranks()).size();
        require_memory(table_bytes(padded_stride<T>(rows), options.d + 1, sizeof(T)), "this rank's share of the table",
                       std::to_string(rows) + " rows");
    });
    const mpi::DistributedTable<T> share = mpi::make_synthetic_share<T>(comm, spec);
    // One process's table, on rank 0 beside its share.
    Dataset<T> whole;
    mpi::on_every_rank(comm, [&] {
        if (!root) return;
        require_memory(table_bytes(padded_stride<T>(n), options.d + 1, sizeof(T)), "the whole table for the one-process epoch",
                       std::to_string(n) + " rows");
        whole = make_synthetic<T>(spec);
    });

    Params<T> params{T(0), std::vector<T>(options.d, T(0))}, alone = params;
    Gradient<T> gradient, alone_gradient;
    const std::size_t chunks = chunk_count(n);
    double compute = 0;
    const auto epoch = [&] {
        const auto start = Clock::now();
        const std::vector<PassSums> sums = mpi::local_chunk_sums(impl, share.view, params);
        compute += since(start);
        mpi::add_in_chunk_order(comm, sums, chunks, options.d).template descend<T>(n, params, kLearningRate, gradient);
    };
    const Implementation& reference = find_implementation("simd_omp");
    const int job_threads = session.ranks() * omp_get_max_threads();
    const auto one_process_epochs = [&](std::size_t calls) {
        double seconds = 0;
        if (root) {
            const CpusScope on_job_cpus(cpus);
            const int own_threads = omp_get_max_threads();
            omp_set_num_threads(job_threads);
            const auto start = Clock::now();
            for (std::size_t c = 0; c < calls; ++c) reference.descend(whole.view(), alone, kLearningRate, alone_gradient);
            seconds = since(start) / static_cast<double>(calls);
            omp_set_num_threads(own_threads);
        }
        wait_without_spinning(comm);
        return seconds;
    };

    // Epochs per round: enough for min_time on rank 0's clock, the same count on every rank.
    epoch();
    MPI_Barrier(comm);
    auto start = Clock::now();
    epoch();
    unsigned long long calls = static_cast<unsigned long long>(options.min_time / std::max(since(start), 1e-9)) + 1;
    MPI_Bcast(&calls, 1, MPI_UNSIGNED_LONG_LONG, 0, comm);
    one_process_epochs(1);

    std::vector<double> epochs, computes, alones;
    for (int round = 0; round < options.repetitions; ++round) {
        MPI_Barrier(comm);
        compute = 0;
        start = Clock::now();
        for (unsigned long long c = 0; c < calls; ++c) epoch();
        double slowest[2] = {since(start), compute};  // the job's epoch ends with its slowest rank
        MPI_Allreduce(MPI_IN_PLACE, slowest, 2, MPI_DOUBLE, MPI_MAX, comm);
        epochs.push_back(slowest[0] / static_cast<double>(calls));
        computes.push_back(slowest[1] / static_cast<double>(calls));
        alones.push_back(one_process_epochs(calls));
    }
    const double seconds = median(epochs), compute_seconds = std::min(median(computes), seconds);
    records.push_back({std::string(impl.name()), sizeof(T) == 4 ? "f32" : "f64", options.d, n, session.ranks(),
                       omp_get_max_threads(), seconds, compute_seconds, seconds - compute_seconds, median(alones)});
}

void print_header() {
    std::printf("%-5s %10s %-10s %5s %7s %12s %12s %12s %12s %10s\n", "dtype", "n", "impl", "ranks", "threads", "s_per_epoch",
                "compute", "communicate", "one_process", "efficiency");
}

void print_rows(const std::vector<MpiRecord>& records) {
    for (const MpiRecord& r : records)
        std::printf("%-5s %10zu %-10s %5d %7d %12.4g %12.4g %12.4g %12.4g %10.3f\n", r.dtype.c_str(), r.n, r.impl.c_str(), r.ranks,
                    r.threads_per_rank, r.seconds_per_epoch, r.compute_seconds, r.communication_seconds, r.one_process_seconds,
                    r.efficiency());
}

void write_json(const std::string& path, const std::vector<MpiRecord>& records) {
    nlohmann::json out = nlohmann::json::array();
    for (const MpiRecord& r : records)
        out.push_back({{"impl", r.impl},
                       {"dtype", r.dtype},
                       {"d", r.d},
                       {"n", r.n},
                       {"ranks", r.ranks},
                       {"threads_per_rank", r.threads_per_rank},
                       {"seconds_per_epoch", r.seconds_per_epoch},
                       {"compute_seconds", r.compute_seconds},
                       {"communication_seconds", r.communication_seconds},
                       {"one_process_seconds", r.one_process_seconds},
                       {"efficiency", r.efficiency()},
                       {"cpu", cpu_model()}});
    AtomicFile file(path);
    file.stream() << out.dump(2) << '\n';
    file.commit();
}

void bench_over_ranks(const BenchOptions& options, const MpiSession& session) {
    if (options.peers || options.fit_epochs)
        throw std::invalid_argument("--mpi times epochs over the ranks: not with --peers or --fit");
    if (options.impls.size() > 1) throw std::invalid_argument("--mpi times one implementation at a time: give one --impl");
    const Implementation& impl = find_implementation(options.impls.empty() ? "simd_omp" : options.impls.front());
    const bool root = session.rank() == 0;
    const cpu_set_t cpus = job_cpus(MPI_COMM_WORLD, session.ranks());
    if (root) {
        std::printf("# %s, %d ranks x %d OpenMP threads, d = %zu, median of %d rounds of >= %.2f s\n", cpu_model().c_str(),
                    session.ranks(), omp_get_max_threads(), options.d, options.repetitions, options.min_time);
        std::printf("# one_process: simd_omp on the whole table, %d threads on the job's %d CPUs, in the same rounds\n",
                    session.ranks() * omp_get_max_threads(), CPU_COUNT(&cpus));
    }
    if (root) print_header();
    std::vector<MpiRecord> records;
    for (const std::string& dtype : options.dtypes)
        for (std::size_t n = options.min_n; n <= options.max_n; n *= 4) {
            const std::size_t first = records.size();
            if (dtype == "f32")
                bench_size<float>(options, impl, n, session, cpus, records);
            else
                bench_size<double>(options, impl, n, session, cpus, records);
            if (root) {
                print_rows({records.begin() + static_cast<std::ptrdiff_t>(first), records.end()});
                std::fflush(stdout);
            }
        }
    if (root && !options.json.empty()) write_json(options.json, records);
}

}  // namespace

int run_mpi_bench(const BenchOptions& options) {
    const MpiSession session;
    return session.run([&] {
        bench_over_ranks(options, session);
        return 0;
    });
}

}  // namespace descent::cli
