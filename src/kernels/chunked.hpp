// Threads over rows. The rows are cut into chunks of a fixed size, whatever the thread count,
// and the chunks' sums are combined in chunk order: any thread count gives the same bits.
#pragma once

#include <algorithm>
#include <cstddef>
#include <type_traits>
#include <vector>

#include <omp.h>

#include "descent/threads.hpp"
#include "row_kernels.hpp"

namespace descent::detail {

// Where the chunk that starts at row `begin` of n rows ends.
inline std::size_t chunk_end(std::size_t begin, std::size_t n) { return std::min(n, begin + kChunkRows); }

// The threads a parallel region started by this thread may use, in place of OpenMP's own
// count (OMP_NUM_THREADS) when positive. Set for the length of a call by with_threads.
inline thread_local int thread_limit = 0;

class ThreadLimitScope {
public:
    // limit 0 keeps the limit in force (and costs one comparison: `auto` opens one per call).
    explicit ThreadLimitScope(int limit) : active_(limit > 0) {
        if (active_) {
            previous_ = thread_limit;
            thread_limit = limit;
        }
    }
    ~ThreadLimitScope() {
        if (active_) thread_limit = previous_;
    }
    ThreadLimitScope(const ThreadLimitScope&) = delete;
    ThreadLimitScope& operator=(const ThreadLimitScope&) = delete;

private:
    bool active_;
    int previous_ = 0;
};

// The team for a parallel loop over `chunks` chunks: no more threads than chunks. Starting and
// joining a team costs more the more threads it has: on a 16-core Xeon, 16 threads for the two
// chunks of 49152 rows made an f32 epoch up to 39% slower than one thread; two are faster.
inline int team_size(std::size_t chunks) {
    const int threads = thread_limit > 0 ? thread_limit : omp_get_max_threads();
    return static_cast<int>(std::min<std::size_t>(chunks, static_cast<std::size_t>(threads)));
}

// Runs body(c) for every chunk c in [0, chunks) on a team of `team` threads; body must not
// throw. A team of one runs them in the calling thread with no parallel region at all: libgomp
// makes a team even for an inactive region (`if (false)`) and wakes it through a futex as the
// region ends, a system call per epoch (simd_omp on one thread took 1.9x simd's time at 2^16).
template <class Body>
void for_each_chunk(std::size_t chunks, int team, const Body& body) {
    if (team <= 1) {
        for (std::size_t c = 0; c < chunks; ++c) body(c);
        return;
    }
#pragma omp parallel for schedule(static) num_threads(team)
    for (std::size_t c = 0; c < chunks; ++c) body(c);
}

// The sum of sum_range(begin, end) over the rows [0, n): on one thread, or on the threads and
// in the fixed chunks the threaded kernels use (one chunk runs in the calling thread, as there;
// each chunk's sum kept per thread between calls and added in order, as the kernels' sums).
// For the probes of the machine's limits, which must run as the kernels do.
template <class SumRange>
double sum_over_chunks(std::size_t n, bool threaded, const SumRange& sum_range) {
    const std::size_t chunks = chunk_count(n);
    if (!threaded || chunks <= 1) return sum_range(0, n);
    thread_local std::vector<double> partials;
    partials.assign(chunks, 0.0);
    double* partial = partials.data();
    for_each_chunk(chunks, team_size(chunks), [&](std::size_t c) {
        const std::size_t begin = c * kChunkRows;
        partial[c] = sum_range(begin, chunk_end(begin, n));
    });
    double total = 0;
    for (std::size_t c = 0; c < chunks; ++c) total += partial[c];
    return total;
}

// For every element type T (chunked.cpp); P is parameter_t<T>.
template <class T, class P = parameter_t<T>>
void predict_in_chunks(const RowKernels<T>& rows, const DatasetView<T>& data, std::type_identity_t<P> b, const P* w, P* out);
template <class T>
void statistics_in_chunks(const RowKernels<T>& rows, const DatasetView<T>& data, const double* shift, CompensatedSum* sums);
template <class T, class P = parameter_t<T>>
void accumulate_in_chunks(const RowKernels<T>& rows, const DatasetView<T>& data, std::type_identity_t<P> b, const P* w,
                          bool with_gradient, CompensatedSum* sums, const LoopOptions& options);

}  // namespace descent::detail
