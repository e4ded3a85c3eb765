#include <algorithm>
#include <cstddef>

#include "chunked.hpp"
#include "descent/read_bandwidth.hpp"
#include "kernel_tables.hpp"

namespace descent {

namespace {

template <class T>
double read_sum_impl(std::span<const T> values, bool threaded) {
    const detail::SimdKernels& kernels = detail::simd_kernels_for(simd_isa());
    const auto sum = [&](const T* p, std::size_t n) {
        if constexpr (std::is_same_v<T, float>)
            return kernels.read_sum_f32(p, n);
        else
            return kernels.read_sum_f64(p, n);
    };
    const auto chunks = static_cast<std::ptrdiff_t>((values.size() + detail::kChunkRows - 1) / detail::kChunkRows);
    if (!threaded || chunks <= 1) return sum(values.data(), values.size());  // as the threaded kernels do
    double total = 0;
#pragma omp parallel for schedule(static) reduction(+ : total)
    for (std::ptrdiff_t c = 0; c < chunks; ++c) {
        const std::size_t begin = static_cast<std::size_t>(c) * detail::kChunkRows;
        total += sum(values.data() + begin, std::min(detail::kChunkRows, values.size() - begin));
    }
    return total;
}

}  // namespace

double read_sum(std::span<const float> values, bool threaded) { return read_sum_impl(values, threaded); }
double read_sum(std::span<const double> values, bool threaded) { return read_sum_impl(values, threaded); }

template <class T>
double read_rows_sum(const DatasetView<T>& data, bool threaded) {
    const detail::SimdKernels& kernels = detail::simd_kernels_for(simd_isa());
    const auto sum = [&](const DatasetView<T>& rows) {
        if constexpr (std::is_same_v<T, float>)
            return kernels.read_rows_f32(rows);
        else
            return kernels.read_rows_f64(rows);
    };
    const auto chunks = static_cast<std::ptrdiff_t>((data.n + detail::kChunkRows - 1) / detail::kChunkRows);
    if (!threaded || chunks <= 1) return sum(data);
    double total = 0;
#pragma omp parallel for schedule(static) reduction(+ : total)
    for (std::ptrdiff_t c = 0; c < chunks; ++c) {
        const std::size_t begin = static_cast<std::size_t>(c) * detail::kChunkRows;
        total += sum(data.rows(begin, std::min(data.n, begin + detail::kChunkRows)));
    }
    return total;
}

template double read_rows_sum(const DatasetView<float>&, bool);
template double read_rows_sum(const DatasetView<double>&, bool);

}  // namespace descent
