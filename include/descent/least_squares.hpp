// The answers gradient descent should reach and how fast it may go there: the closed-form
// least-squares fit (the book's scikit-learn LinearRegression) and the largest stable
// learning rate for the mse.
#pragma once

#include <cstddef>
#include <span>
#include <vector>

#include "descent/dataset.hpp"
#include "descent/export.h"

namespace descent {

struct LeastSquaresFit {
    double b = 0;
    std::vector<double> w;
};

// Ordinary least squares with an intercept, by Householder QR of [1 X] (no normal equations:
// their condition number is the square of the data's). Throws std::invalid_argument when
// there are fewer rows than parameters or the features are collinear.
template <class T>
DESCENT_API LeastSquaresFit ordinary_least_squares(const DatasetView<T>& data);

// ordinary_least_squares in steps, for a table held in parts (descent::mpi): the triangle
// [R | Q^T y] of the rows so far, reduced with every block of kLeastSquaresBlock rows in turn.
// Parts added in row order, each starting at a multiple of kLeastSquaresBlock rows of the
// table, give ordinary_least_squares' bits; state() is what to hand from one part to the next.
inline constexpr std::size_t kLeastSquaresBlock = 2048;
class DESCENT_API LeastSquaresTriangle {
public:
    explicit LeastSquaresTriangle(std::size_t d);
    template <class T>
    void add(const DatasetView<T>& rows);  // throws std::invalid_argument for rows of another d
    // b and w from the n rows added (throws as ordinary_least_squares does).
    LeastSquaresFit solve(std::size_t n) const;
    // The triangle, row-major (d + 1) x (d + 2), then the count of its rows, as doubles.
    std::span<double> state() { return state_; }

private:
    std::size_t d_;
    std::vector<double> state_;
};

// The eigenvalues of the mse's Hessian 2 [1 X]^T [1 X] / n, largest first.
template <class T>
DESCENT_API std::vector<double> hessian_eigenvalues(const DatasetView<T>& data);

// hessian_eigenvalues in two steps, for a table held in parts (descent::mpi): the products
// sum_i a_ir a_ic of the columns of [1 X] (r <= c, the upper triangle row by row, (d + 1)(d + 2)
// / 2 long doubles, zero to start) continued over `rows`. Added part after part in row order
// they are the whole table's, bit for bit. Throws std::invalid_argument for the wrong count.
template <class T>
DESCENT_API void add_design_products(const DatasetView<T>& rows, std::span<long double> products);
// The eigenvalues from the products of n rows of d features. Throws std::invalid_argument for n = 0.
DESCENT_API std::vector<double> hessian_eigenvalues_from_products(std::span<const long double> products, std::size_t n,
                                                                  std::size_t d);

// Full-batch gradient descent on the mse converges only for learning rates below
// 2 / (largest eigenvalue of the Hessian); above, the loss grows geometrically.
template <class T>
DESCENT_API double max_stable_learning_rate(const DatasetView<T>& data);

}  // namespace descent
