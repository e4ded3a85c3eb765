// What train reports beside the fit, over the ranks with one process's bits: each a sum taken
// in row order, its running state handed from rank to rank (rank_order.hpp).
#include <vector>

#include "descent/mpi.hpp"
#include "descent/threads.hpp"
#include "rank_order.hpp"

namespace descent::mpi {

template <class T>
StandardScaler fit_scaler(const DistributedView<T>& train, const std::vector<std::string>& feature_names) {
    const std::size_t d = train.local.d;
    std::vector<long double> sums(d, 0.0L), squares(d, 0.0L);
    detail::fold_in_rank_order(train.comm, sums.data(), static_cast<int>(d), MPI_LONG_DOUBLE,
                               [&] { StandardScaler::add_column_sums(train.local, std::span<long double>(sums)); });
    const std::vector<double> means = StandardScaler::means_from_sums(sums, train.global_rows);
    detail::fold_in_rank_order(train.comm, squares.data(), static_cast<int>(d), MPI_LONG_DOUBLE, [&] {
        StandardScaler::add_squares_about(train.local, std::span<const double>(means), std::span<long double>(squares));
    });
    return StandardScaler::from_sums(means, squares, train.global_rows, feature_names);
}

// The triangle of every rank's blocks: ranks that start on a chunk start on a block.
template <class T>
LeastSquaresFit ordinary_least_squares(const DistributedView<T>& data) {
    static_assert(kChunkRows % kLeastSquaresBlock == 0, "a chunk is whole blocks");
    detail::require_whole_chunks(data);
    LeastSquaresTriangle triangle(data.local.d);
    const std::span<double> state = triangle.state();
    detail::fold_in_rank_order(data.comm, state.data(), static_cast<int>(state.size()), MPI_DOUBLE,
                               [&] { triangle.add(data.local); });
    return triangle.solve(data.global_rows);
}

template <class T>
double max_stable_learning_rate(const DistributedView<T>& data) {
    std::vector<long double> products((data.local.d + 1) * (data.local.d + 2) / 2, 0.0L);
    detail::fold_in_rank_order(data.comm, products.data(), static_cast<int>(products.size()), MPI_LONG_DOUBLE,
                               [&] { add_design_products(data.local, std::span<long double>(products)); });
    return 2 / hessian_eigenvalues_from_products(products, data.global_rows, data.local.d).front();
}

template StandardScaler fit_scaler(const DistributedView<float>&, const std::vector<std::string>&);
template StandardScaler fit_scaler(const DistributedView<double>&, const std::vector<std::string>&);
template LeastSquaresFit ordinary_least_squares(const DistributedView<float>&);
template LeastSquaresFit ordinary_least_squares(const DistributedView<double>&);
template double max_stable_learning_rate(const DistributedView<float>&);
template double max_stable_learning_rate(const DistributedView<double>&);

}  // namespace descent::mpi
