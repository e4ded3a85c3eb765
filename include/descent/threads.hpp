// Threads, for programs that have their own (docs/embedding.md shows both routes in full).
//
// The threaded implementations (omp, simd_omp, and auto above its crossover) cut the rows into
// chunks of kChunkRows, whatever the thread count, compute each chunk's PassSums and add them
// in chunk order: any thread count gives the same bits. A program can
//   - cap the OpenMP threads an implementation starts, per implementation object
//     (with_threads), instead of through OMP_NUM_THREADS; at 1 no OpenMP thread is started;
//   - or run the chunks on threads of its own: impl.pass_sums(chunk(data, c), params, sums[c])
//     on any thread, then add sums[0], sums[1], ... in order into zero PassSums and take the
//     step with PassSums::descend. With the rows of `simd`, that is simd_omp's result, bit for
//     bit.
#pragma once

#include <algorithm>
#include <cstddef>
#include <memory>

#include "descent/dataset.hpp"
#include "descent/export.h"
#include "descent/implementation.hpp"

namespace descent {

inline constexpr std::size_t kChunkRows = std::size_t{1} << 15;

// How many chunks n rows make, and chunk c of a view (rows c * kChunkRows up to the next
// chunk or the end).
constexpr std::size_t chunk_count(std::size_t n) { return (n + kChunkRows - 1) / kChunkRows; }
template <class T>
DatasetView<T> chunk(const DatasetView<T>& data, std::size_t c) {
    const std::size_t begin = c * kChunkRows;
    return data.rows(begin, std::min(data.n, begin + kChunkRows));
}

// `base` with at most `threads` OpenMP threads for each of its calls (in place of
// OMP_NUM_THREADS; never more threads than chunks), made from any thread (the object is
// immutable and can be shared). `base` must outlive it. Throws
// std::invalid_argument unless threads >= 1.
DESCENT_API std::unique_ptr<const Implementation> with_threads(const Implementation& base, int threads);

}  // namespace descent
