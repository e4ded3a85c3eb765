#include <cstddef>

#include "descent/read_bandwidth.hpp"
#include "kernels/chunked.hpp"
#include "kernels/kernel_tables.hpp"
#include "loop_options.hpp"

namespace descent {

namespace {

const detail::ReadProbes& probes() { return detail::isa_kernels_for(simd_isa()).probes(); }

// sum_range(begin, end) over [0, n): on one thread, or on all of them in the threaded kernels'
// fixed chunks and team (one chunk runs in the calling thread, as there).
template <class SumRange>
double sum_in_chunks(std::size_t n, bool threaded, const SumRange& sum_range) {
    const std::size_t chunks = chunk_count(n);
    if (!threaded || chunks <= 1) return sum_range(0, n);
    double total = 0;
#pragma omp parallel for schedule(static) reduction(+ : total) num_threads(detail::team_size(chunks))
    for (std::size_t c = 0; c < chunks; ++c) {
        const std::size_t begin = c * kChunkRows;
        total += sum_range(begin, detail::chunk_end(begin, n));
    }
    return total;
}

}  // namespace

double read_sum(std::span<const float> values, bool threaded) {
    return sum_in_chunks(values.size(), threaded, [&](std::size_t begin, std::size_t end) {
        return probes().sum_f32(values.data() + begin, end - begin);
    });
}

double read_sum(std::span<const double> values, bool threaded) {
    return sum_in_chunks(values.size(), threaded, [&](std::size_t begin, std::size_t end) {
        return probes().sum_f64(values.data() + begin, end - begin);
    });
}

template <class T>
double read_rows_sum(const DatasetView<T>& data, bool threaded) {
    return sum_in_chunks(data.n, threaded, [&](std::size_t begin, std::size_t end) {
        if constexpr (std::is_same_v<T, float>)
            return probes().rows_f32(data.rows(begin, end), detail::machine_loop_options());
        else
            return probes().rows_f64(data.rows(begin, end), detail::machine_loop_options());
    });
}

template double read_rows_sum(const DatasetView<float>&, bool);
template double read_rows_sum(const DatasetView<double>&, bool);

}  // namespace descent
