#include "auto_crossover.hpp"

#include <algorithm>
#include <chrono>
#include <vector>

#include "descent/implementation.hpp"
#include "descent/threads.hpp"
#include "kernels/chunked.hpp"

namespace descent::detail {

namespace {

// Two chunks (the least a team can split) up to 2^22 rows (32 MiB in f32, beyond the L2 and
// most of the L3 of the machines this was written on), half-octave steps below 2^18.
constexpr std::size_t kCandidateRows[] = {2 * kChunkRows, 3 * kChunkRows, 4 * kChunkRows, 6 * kChunkRows,
                                          8 * kChunkRows, 16 * kChunkRows, 32 * kChunkRows, 64 * kChunkRows,
                                          128 * kChunkRows};
// Each sample times at least this many rows of epochs (several calls at the small sizes), and
// the median of this many interleaved samples counts: a shared machine's stalls hit one of them.
constexpr std::size_t kRowsPerSample = std::size_t{1} << 20;
constexpr int kSamples = 7;

Dataset<float> line_table(std::size_t rows) {
    Dataset<float> data;
    data.resize(rows, 1);
    for (std::size_t i = 0; i < rows; ++i) {
        data.x[i] = static_cast<float>(i % 1024) / 1024.0f;
        data.y[i] = 1.0f + 2.0f * data.x[i];
    }
    return data;
}

double seconds_per_epoch(const Implementation& impl, const DatasetView<float>& data, std::size_t calls) {
    const Params<float> params{0.5f, {1.5f}};
    Gradient<float> gradient;
    const auto start = std::chrono::steady_clock::now();
    for (std::size_t c = 0; c < calls; ++c) impl.loss_and_gradient(data, params, gradient);
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() / static_cast<double>(calls);
}

double median(std::vector<double> values) {
    std::nth_element(values.begin(), values.begin() + values.size() / 2, values.end());
    return values[values.size() / 2];
}

}  // namespace

std::size_t measure_auto_crossover(const Implementation& one_thread, const Implementation& team, int threads) {
    const ThreadLimitScope all_threads(threads);
    std::vector<CrossoverTiming> timings;
    for (const std::size_t rows : kCandidateRows) {
        const Dataset<float> data = line_table(rows);
        const std::size_t calls = std::max<std::size_t>(1, kRowsPerSample / rows);
        seconds_per_epoch(one_thread, data.view(), 1);  // the pages touched, the team started
        seconds_per_epoch(team, data.view(), 1);
        std::vector<double> alone, together;
        for (int s = 0; s < kSamples; ++s) {
            alone.push_back(seconds_per_epoch(one_thread, data.view(), calls));
            together.push_back(seconds_per_epoch(team, data.view(), calls));
        }
        const std::size_t bytes = rows * data.view().row_bytes();
        timings.push_back({bytes, median(alone), median(together)});
        const std::size_t found = crossover_from(timings);
        if (found != kNeverThreads && found != bytes) return found;  // confirmed by the next size
    }
    return crossover_from(timings);
}

}  // namespace descent::detail
