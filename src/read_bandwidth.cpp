#include <cstddef>

#include "descent/read_bandwidth.hpp"
#include "kernels/chunked.hpp"
#include "kernels/kernel_tables.hpp"
#include "loop_options.hpp"

namespace descent {

double read_sum(std::span<const float> values, bool threaded) {
    return detail::sum_over_chunks(values.size(), threaded, [&](std::size_t begin, std::size_t end) {
        return detail::dispatched_probes().sum_f32(values.data() + begin, end - begin);
    });
}

double read_sum(std::span<const double> values, bool threaded) {
    return detail::sum_over_chunks(values.size(), threaded, [&](std::size_t begin, std::size_t end) {
        return detail::dispatched_probes().sum_f64(values.data() + begin, end - begin);
    });
}

template <class T>
double read_rows_sum(const DatasetView<T>& data, bool threaded) {
    return detail::sum_over_chunks(data.n, threaded, [&](std::size_t begin, std::size_t end) {
        if constexpr (std::is_same_v<T, float>)
            return detail::dispatched_probes().rows_f32(data.rows(begin, end), detail::machine_loop_options());
        else
            return detail::dispatched_probes().rows_f64(data.rows(begin, end), detail::machine_loop_options());
    });
}

template double read_rows_sum(const DatasetView<float>&, bool);
template double read_rows_sum(const DatasetView<double>&, bool);

}  // namespace descent
