// Threads over rows. The rows are cut into chunks of a fixed size, whatever the thread count,
// and the chunks' sums are combined in chunk order: 1, 2 or 7 threads give the same bits.
#pragma once

#include "row_kernels.hpp"

namespace descent::detail {

inline constexpr std::size_t kChunkRows = std::size_t{1} << 15;

template <class T>
void predict_in_chunks(const RowKernels<T>& rows, const DatasetView<T>& data, T b, const T* w, T* out);
template <class T>
void accumulate_in_chunks(const RowKernels<T>& rows, const DatasetView<T>& data, T b, const T* w,
                          bool with_gradient, CompensatedSum* sums);

}  // namespace descent::detail
