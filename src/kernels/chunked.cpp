#include "chunked.hpp"
#include "compensated_sum.hpp"

#include <cstddef>
#include <vector>

namespace descent::detail {

template <class T, class P>
void predict_in_chunks(const RowKernels<T>& rows, const DatasetView<T>& data, std::type_identity_t<P> b, const P* w, P* out) {
    const std::size_t chunks = chunk_count(data.n);
    if (chunks <= 1) return rows.predict(data, b, w, out);
    for_each_chunk(chunks, team_size(chunks), [&](std::size_t c) { rows.predict(chunk(data, c), b, w, out + c * kChunkRows); });
}

template <class T, class P>
void accumulate_in_chunks(const RowKernels<T>& rows, const DatasetView<T>& data, std::type_identity_t<P> b, const P* w,
                          bool with_gradient, CompensatedSum* sums, const LoopOptions& options) {
    const std::size_t chunks = chunk_count(data.n);
    if (chunks <= 1) return rows.accumulate(data, b, w, with_gradient, sums, options);
    const std::size_t per_chunk = sum_count(data.d);
    // Kept between calls so an epoch allocates nothing once the first one has run.
    thread_local std::vector<CompensatedSum> partials;
    partials.assign(chunks * per_chunk, CompensatedSum{});
    CompensatedSum* chunk_sums = partials.data();
    for_each_chunk(chunks, team_size(chunks), [&](std::size_t c) {
        rows.accumulate(chunk(data, c), b, w, with_gradient, chunk_sums + c * per_chunk, options);
    });
    for (std::size_t c = 0; c < chunks; ++c)
        for (std::size_t s = 0; s < per_chunk; ++s) add(sums[s], chunk_sums[c * per_chunk + s]);
}

// As accumulate_in_chunks: every chunk's statistics apart, then added in chunk order.
template <class T>
void statistics_in_chunks(const RowKernels<T>& rows, const DatasetView<T>& data, const double* shift, CompensatedSum* sums) {
    const std::size_t chunks = chunk_count(data.n);
    if (chunks <= 1) return rows.statistics(data, shift, sums);
    const std::size_t per_chunk = statistics_count(data.d + 1);
    std::vector<CompensatedSum> partials(chunks * per_chunk);
    for_each_chunk(chunks, team_size(chunks), [&](std::size_t c) { rows.statistics(chunk(data, c), shift, partials.data() + c * per_chunk); });
    for (std::size_t c = 0; c < chunks; ++c)
        for (std::size_t s = 0; s < per_chunk; ++s) add(sums[s], partials[c * per_chunk + s]);
}

template void predict_in_chunks<float>(const RowKernels<float>&, const DatasetView<float>&, float, const float*, float*);
template void statistics_in_chunks<float>(const RowKernels<float>&, const DatasetView<float>&, const double*, CompensatedSum*);
template void accumulate_in_chunks<float>(const RowKernels<float>&, const DatasetView<float>&, float, const float*, bool,
                                          CompensatedSum*, const LoopOptions&);
template void predict_in_chunks<double>(const RowKernels<double>&, const DatasetView<double>&, double, const double*, double*);
template void statistics_in_chunks<double>(const RowKernels<double>&, const DatasetView<double>&, const double*, CompensatedSum*);
template void accumulate_in_chunks<double>(const RowKernels<double>&, const DatasetView<double>&, double, const double*, bool,
                                          CompensatedSum*, const LoopOptions&);
template void predict_in_chunks<bf16>(const RowKernels<bf16>&, const DatasetView<bf16>&, float, const float*, float*);
template void statistics_in_chunks<bf16>(const RowKernels<bf16>&, const DatasetView<bf16>&, const double*, CompensatedSum*);
template void accumulate_in_chunks<bf16>(const RowKernels<bf16>&, const DatasetView<bf16>&, float, const float*, bool,
                                          CompensatedSum*, const LoopOptions&);
template void predict_in_chunks<f16>(const RowKernels<f16>&, const DatasetView<f16>&, float, const float*, float*);
template void statistics_in_chunks<f16>(const RowKernels<f16>&, const DatasetView<f16>&, const double*, CompensatedSum*);
template void accumulate_in_chunks<f16>(const RowKernels<f16>&, const DatasetView<f16>&, float, const float*, bool,
                                          CompensatedSum*, const LoopOptions&);

}  // namespace descent::detail
