// One fused pass over every rank's rows: each rank's chunks on its threads, then the chunks'
// sums added in global chunk order (rank_order.hpp).
#include <omp.h>

#include <stdexcept>
#include <string>

#include "descent/mpi.hpp"
#include "descent/threads.hpp"
#include "rank_order.hpp"

namespace descent::mpi {

namespace {

template <class T>
void check_pass(const DistributedView<T>& data, const Params<T>& params) {
    if (data.global_rows == 0)
        throw std::invalid_argument("a pass over an empty distributed dataset (n = 0 on every rank) is undefined: it is a mean over no rows");
    detail::require_whole_chunks(data);
    if (params.w.size() != data.local.d)
        throw std::invalid_argument("the parameters have " + std::to_string(params.w.size()) +
                                    " weights but the data has d = " + std::to_string(data.local.d) + " features");
}

}  // namespace

template <class T>
std::vector<PassSums> local_chunk_sums(const Implementation& impl, const DistributedView<T>& data, const Params<T>& params) {
    check_pass(data, params);
    const std::size_t chunks = chunk_count(data.local.n);
    std::vector<PassSums> sums(chunks, PassSums(data.local.d));
    // The checks above are all pass_sums makes for a chunk: nothing throws inside the region.
    const int team = static_cast<int>(std::min<std::size_t>(chunks, static_cast<std::size_t>(omp_get_max_threads())));
    const auto sum_chunk = [&](std::size_t c) { impl.pass_sums(chunk(data.local, c), params, sums[c]); };
    if (team <= 1) {  // no region at all: even an inactive one (if (false)) costs libgomp a microsecond
        for (std::size_t c = 0; c < chunks; ++c) sum_chunk(c);
        return sums;
    }
#pragma omp parallel for schedule(static) num_threads(team)
    for (std::size_t c = 0; c < chunks; ++c) sum_chunk(c);
    return sums;
}

PassSums add_in_chunk_order(MPI_Comm comm, std::span<const PassSums> local_chunks, std::size_t global_chunks, std::size_t d) {
    PassSums total(d);
    static_assert(sizeof(CompensatedSum) == 2 * sizeof(double), "sent as doubles");
    const int count = static_cast<int>(2 * (d + 2));
    detail::fold_in_rank_order(comm, total.values().data(), count, MPI_DOUBLE, [&] {
        for (const PassSums& sums : local_chunks) {
            if (global_chunks == 1)
                total = sums;  // one chunk: simd_omp returns its sums as they are, not added to zeros
            else
                total.add(sums);
        }
    });
    return total;
}

template <class T>
PassSums pass_sums(const Implementation& impl, const DistributedView<T>& data, const Params<T>& params) {
    const std::vector<PassSums> chunks = local_chunk_sums(impl, data, params);
    return add_in_chunk_order(data.comm, chunks, chunk_count(data.global_rows), data.local.d);
}

template <class T>
T loss_and_gradient(const Implementation& impl, const DistributedView<T>& data, const Params<T>& params, Gradient<T>& out) {
    return pass_sums(impl, data, params).template loss_and_gradient<T>(data.global_rows, out);
}

template <class T>
T descend(const Implementation& impl, const DistributedView<T>& data, Params<T>& params, double learning_rate,
          Gradient<T>& out) {
    check_learning_rate(learning_rate);
    return pass_sums(impl, data, params).template descend<T>(data.global_rows, params, learning_rate, out);
}

template <class T>
T mse(const Implementation& impl, const DistributedView<T>& data, const Params<T>& params) {
    return pass_sums(impl, data, params).template mse<T>(data.global_rows);
}

template float mse(const Implementation&, const DistributedView<float>&, const Params<float>&);
template double mse(const Implementation&, const DistributedView<double>&, const Params<double>&);
template std::vector<PassSums> local_chunk_sums(const Implementation&, const DistributedView<float>&, const Params<float>&);
template std::vector<PassSums> local_chunk_sums(const Implementation&, const DistributedView<double>&, const Params<double>&);
template PassSums pass_sums(const Implementation&, const DistributedView<float>&, const Params<float>&);
template PassSums pass_sums(const Implementation&, const DistributedView<double>&, const Params<double>&);
template float loss_and_gradient(const Implementation&, const DistributedView<float>&, const Params<float>&, Gradient<float>&);
template double loss_and_gradient(const Implementation&, const DistributedView<double>&, const Params<double>&,
                                  Gradient<double>&);
template float descend(const Implementation&, const DistributedView<float>&, Params<float>&, double, Gradient<float>&);
template double descend(const Implementation&, const DistributedView<double>&, Params<double>&, double, Gradient<double>&);

}  // namespace descent::mpi
