#include "descent/least_squares.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

#include "kernels/widened.hpp"

namespace descent {

namespace {

// Entry (i, c) of [1 X]: the intercept column first.
template <class T>
double design(const DatasetView<T>& data, std::size_t i, std::size_t c) {
    return c == 0 ? 1.0 : detail::widened(data.feature(c - 1)[i]);
}

// Eigenvalues of a small symmetric matrix by cyclic Jacobi rotations (p is d + 1).
std::vector<double> symmetric_eigenvalues(std::vector<double> m, std::size_t p) {
    const auto at = [&](std::size_t r, std::size_t c) -> double& { return m[r * p + c]; };
    for (int sweep = 0; sweep < 100; ++sweep) {
        double off = 0, total = 0;
        for (std::size_t r = 0; r < p; ++r)
            for (std::size_t c = 0; c < p; ++c) (r == c ? total : off) += at(r, c) * at(r, c);
        if (off <= 1e-30 * (total + off)) break;
        for (std::size_t r = 0; r < p; ++r)
            for (std::size_t c = r + 1; c < p; ++c) {
                if (at(r, c) == 0) continue;
                const double theta = (at(c, c) - at(r, r)) / (2 * at(r, c));
                const double t = (theta >= 0 ? 1 : -1) / (std::fabs(theta) + std::sqrt(theta * theta + 1));
                const double cs = 1 / std::sqrt(t * t + 1), sn = t * cs;
                for (std::size_t k = 0; k < p; ++k) {  // columns r and c
                    const double a = at(k, r), b = at(k, c);
                    at(k, r) = cs * a - sn * b;
                    at(k, c) = sn * a + cs * b;
                }
                for (std::size_t k = 0; k < p; ++k) {  // rows r and c
                    const double a = at(r, k), b = at(c, k);
                    at(r, k) = cs * a - sn * b;
                    at(c, k) = sn * a + cs * b;
                }
            }
    }
    std::vector<double> values;
    for (std::size_t r = 0; r < p; ++r) values.push_back(at(r, r));
    std::sort(values.rbegin(), values.rend());
    return values;
}

}  // namespace

// Householder QR a block of rows at a time (TSQR): the p x (p + 1) triangle [R | Q^T y] of the
// rows so far is stacked on the next block's [1 X y] and reduced again. As stable as one QR of
// the whole [1 X], in memory for one block, not a copy of the table.
LeastSquaresTriangle::LeastSquaresTriangle(std::size_t d) : d_(d), state_((d + 1) * (d + 2) + 1, 0.0) {}

template <class T>
void LeastSquaresTriangle::add(const DatasetView<T>& data) {
    if (data.d != d_)
        throw std::invalid_argument("least squares: rows of d = " + std::to_string(data.d) + " added to a triangle of d = " +
                                    std::to_string(d_));
    const std::size_t n = data.n, p = d_ + 1;
    double* triangle = state_.data();  // row-major [R | Q^T y]; rows below those seen stay 0
    auto triangle_rows = static_cast<std::size_t>(state_.back());
    std::vector<double> m;  // column-major (rows x (p + 1)) stack of the triangle and a block
    for (std::size_t begin = 0; begin < n; begin += kLeastSquaresBlock) {
        const std::size_t count = std::min(kLeastSquaresBlock, n - begin), rows = triangle_rows + count;
        m.assign(rows * (p + 1), 0.0);
        const auto at = [&](std::size_t r, std::size_t c) -> double& { return m[c * rows + r]; };
        for (std::size_t r = 0; r < triangle_rows; ++r)
            for (std::size_t c = r; c <= p; ++c) at(r, c) = triangle[r * (p + 1) + c];
        for (std::size_t i = 0; i < count; ++i) {
            for (std::size_t c = 0; c < p; ++c) at(triangle_rows + i, c) = design(data, begin + i, c);
            at(triangle_rows + i, p) = detail::widened(data.y[begin + i]);
        }
        const std::size_t steps = std::min(p, rows);
        for (std::size_t k = 0; k < steps; ++k) {
            double* v = &at(0, k);
            double norm = 0;
            for (std::size_t i = k; i < rows; ++i) norm += v[i] * v[i];
            norm = std::sqrt(norm);
            if (norm == 0) continue;                    // nothing to eliminate in this column yet
            const double alpha = v[k] > 0 ? -norm : norm;  // the sign that avoids cancellation
            v[k] -= alpha;
            double vv = 0;
            for (std::size_t i = k; i < rows; ++i) vv += v[i] * v[i];
            for (std::size_t j = k + 1; j <= p; ++j) {  // u -= 2 v (v . u) / (v . v), rhs included
                double* u = &at(0, j);
                double dot = 0;
                for (std::size_t i = k; i < rows; ++i) dot += v[i] * u[i];
                const double f = 2 * dot / vv;
                for (std::size_t i = k; i < rows; ++i) u[i] -= f * v[i];
            }
            v[k] = alpha;
        }
        triangle_rows = steps;
        std::fill(triangle, triangle + p * (p + 1), 0.0);
        for (std::size_t r = 0; r < triangle_rows; ++r)
            for (std::size_t c = r; c <= p; ++c) triangle[r * (p + 1) + c] = at(r, c);
    }
    state_.back() = static_cast<double>(triangle_rows);
}

LeastSquaresFit LeastSquaresTriangle::solve(std::size_t n) const {
    const std::size_t p = d_ + 1;
    if (n < p)
        throw std::invalid_argument("least squares needs at least as many rows as parameters: " + std::to_string(n) +
                                    " rows, " + std::to_string(p) + " parameters");
    const auto r_at = [&](std::size_t r, std::size_t c) { return state_[r * (p + 1) + c]; };
    double largest = 0;
    for (std::size_t k = 0; k < p; ++k) largest = std::max(largest, std::fabs(r_at(k, k)));
    std::vector<double> theta(p);
    for (std::size_t k = p; k-- > 0;) {
        if (!(std::fabs(r_at(k, k)) > 1e-12 * largest))
            throw std::invalid_argument("the features are collinear (or constant): least squares has no unique answer");
        double s = r_at(k, p);
        for (std::size_t j = k + 1; j < p; ++j) s -= r_at(k, j) * theta[j];
        theta[k] = s / r_at(k, k);
    }
    return {theta[0], std::vector<double>(theta.begin() + 1, theta.end())};
}

template <class T>
LeastSquaresFit ordinary_least_squares(const DatasetView<T>& data) {
    LeastSquaresTriangle triangle(data.d);
    triangle.add(data);
    return triangle.solve(data.n);
}

std::size_t design_product_count(std::size_t d) { return (d + 1) * (d + 2) / 2; }

template <class T>
void add_design_products(const DatasetView<T>& rows, std::span<long double> products) {
    const std::size_t p = rows.d + 1;
    if (products.size() != design_product_count(rows.d))
        throw std::invalid_argument("the design products of d = " + std::to_string(rows.d) + " features are " +
                                    std::to_string(design_product_count(rows.d)) + " values, got " +
                                    std::to_string(products.size()));
    std::size_t k = 0;
    for (std::size_t r = 0; r < p; ++r)
        for (std::size_t c = r; c < p; ++c, ++k) {
            long double dot = products[k];
            for (std::size_t i = 0; i < rows.n; ++i) dot += static_cast<long double>(design(rows, i, r)) * design(rows, i, c);
            products[k] = dot;
        }
}

std::vector<double> hessian_eigenvalues_from_products(std::span<const long double> products, std::size_t n, std::size_t d) {
    if (n == 0) throw std::invalid_argument("the Hessian of an empty dataset is undefined");
    if (products.size() != design_product_count(d))
        throw std::invalid_argument("the design products of d = " + std::to_string(d) + " features are " +
                                    std::to_string(design_product_count(d)) + " values, got " + std::to_string(products.size()));
    const std::size_t p = d + 1;
    std::vector<double> hessian(p * p);
    std::size_t k = 0;
    for (std::size_t r = 0; r < p; ++r)
        for (std::size_t c = r; c < p; ++c, ++k) hessian[r * p + c] = hessian[c * p + r] = static_cast<double>(2 * products[k] / n);
    return symmetric_eigenvalues(std::move(hessian), p);
}

template <class T>
std::vector<double> hessian_eigenvalues(const DatasetView<T>& data) {
    if (data.n == 0) throw std::invalid_argument("the Hessian of an empty dataset is undefined");
    std::vector<long double> products(design_product_count(data.d), 0.0L);
    add_design_products(data, std::span<long double>(products));
    return hessian_eigenvalues_from_products(products, data.n, data.d);
}

template <class T>
double max_stable_learning_rate(const DatasetView<T>& data) {
    return 2 / hessian_eigenvalues(data).front();
}

template void LeastSquaresTriangle::add(const DatasetView<float>&);
template void LeastSquaresTriangle::add(const DatasetView<double>&);
template LeastSquaresFit ordinary_least_squares(const DatasetView<float>&);
template LeastSquaresFit ordinary_least_squares(const DatasetView<double>&);
template void add_design_products(const DatasetView<float>&, std::span<long double>);
template void add_design_products(const DatasetView<double>&, std::span<long double>);
template std::vector<double> hessian_eigenvalues(const DatasetView<float>&);
template std::vector<double> hessian_eigenvalues(const DatasetView<double>&);
template double max_stable_learning_rate(const DatasetView<float>&);
template double max_stable_learning_rate(const DatasetView<double>&);

template void LeastSquaresTriangle::add(const DatasetView<bf16>&);
template void LeastSquaresTriangle::add(const DatasetView<f16>&);
template LeastSquaresFit ordinary_least_squares(const DatasetView<bf16>&);
template LeastSquaresFit ordinary_least_squares(const DatasetView<f16>&);
template std::vector<double> hessian_eigenvalues(const DatasetView<bf16>&);
template std::vector<double> hessian_eigenvalues(const DatasetView<f16>&);
template double max_stable_learning_rate(const DatasetView<bf16>&);
template double max_stable_learning_rate(const DatasetView<f16>&);
template void add_design_products(const DatasetView<bf16>&, std::span<long double>);
template void add_design_products(const DatasetView<f16>&, std::span<long double>);

}  // namespace descent
