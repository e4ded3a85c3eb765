// Threads over rows. The rows are cut into chunks of a fixed size, whatever the thread count,
// and the chunks' sums are combined in chunk order: any thread count gives the same bits.
#pragma once

#include <algorithm>
#include <cstddef>

#include <omp.h>

#include "row_kernels.hpp"

namespace descent::detail {

inline constexpr std::size_t kChunkRows = std::size_t{1} << 15;

inline std::ptrdiff_t chunk_count(std::size_t n) { return static_cast<std::ptrdiff_t>((n + kChunkRows - 1) / kChunkRows); }
// Where the chunk that starts at row `begin` of n rows ends.
inline std::size_t chunk_end(std::size_t begin, std::size_t n) { return std::min(n, begin + kChunkRows); }

// The team for a parallel loop over `chunks` chunks: no more threads than chunks. Starting and
// joining a team costs more the more threads it has: on a 16-core Xeon, 16 threads for the two
// chunks of 49152 rows made an f32 epoch up to 39% slower than one thread; two are faster.
inline int team_size(std::ptrdiff_t chunks) {
    return static_cast<int>(std::min<std::ptrdiff_t>(chunks, omp_get_max_threads()));
}

template <class T>
void predict_in_chunks(const RowKernels<T>& rows, const DatasetView<T>& data, T b, const T* w, T* out);
template <class T>
void accumulate_in_chunks(const RowKernels<T>& rows, const DatasetView<T>& data, T b, const T* w,
                          bool with_gradient, CompensatedSum* sums);

}  // namespace descent::detail
