#include "descent/compute_roof.hpp"

#include <stdexcept>
#include <type_traits>

#include "descent/dataset.hpp"
#include "descent/storage16.hpp"
#include "kernels/chunked.hpp"
#include "kernels/kernel_tables.hpp"
#include "loop_options.hpp"

namespace descent {

bool has_compute_roof() { return detail::dispatched_probes().compute_f64 != nullptr; }

template <class T>
double pass_arithmetic(std::size_t rows, std::size_t d, std::size_t table_rows, bool threaded) {
    if (!has_compute_roof()) throw std::logic_error("no compute roof is modelled for the plain loops of this processor");
    if (d == 0) throw std::invalid_argument("pass_arithmetic: d must be at least 1");
    const detail::RoofProbes& probes = detail::dispatched_probes();
    const auto probe = std::is_same_v<T, float>    ? probes.compute_f32
                       : std::is_same_v<T, double> ? probes.compute_f64
                       : std::is_same_v<T, bf16>   ? probes.compute_bf16
                                                   : probes.compute_f16;
    const std::size_t stride = padded_stride<T>(table_rows);
    return detail::sum_over_chunks(rows, threaded, [&](std::size_t begin, std::size_t end) {
        return probe(end - begin, d, stride, detail::machine_loop_options());
    });
}

template double pass_arithmetic<float>(std::size_t, std::size_t, std::size_t, bool);
template double pass_arithmetic<double>(std::size_t, std::size_t, std::size_t, bool);
template double pass_arithmetic<bf16>(std::size_t, std::size_t, std::size_t, bool);
template double pass_arithmetic<f16>(std::size_t, std::size_t, std::size_t, bool);

}  // namespace descent
