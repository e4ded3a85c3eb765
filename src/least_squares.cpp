#include "descent/least_squares.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

namespace descent {

namespace {

// Column-major n x p matrix with the intercept column first.
template <class T>
std::vector<double> design_matrix(const DatasetView<T>& data) {
    std::vector<double> a((data.d + 1) * data.n, 1.0);
    for (std::size_t j = 0; j < data.d; ++j)
        for (std::size_t i = 0; i < data.n; ++i) a[(j + 1) * data.n + i] = data.feature(j)[i];
    return a;
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

template <class T>
LeastSquaresFit ordinary_least_squares(const DatasetView<T>& data) {
    const std::size_t n = data.n, p = data.d + 1;
    if (n < p)
        throw std::invalid_argument("least squares needs at least as many rows as parameters: " + std::to_string(n) +
                                    " rows, " + std::to_string(p) + " parameters");
    std::vector<double> a = design_matrix(data);
    std::vector<double> rhs(data.y, data.y + n);
    const auto col = [&](std::size_t j) { return a.data() + j * n; };
    std::vector<double> r_diagonal(p);
    for (std::size_t k = 0; k < p; ++k) {
        double* v = col(k);
        double norm = 0;
        for (std::size_t i = k; i < n; ++i) norm += v[i] * v[i];
        norm = std::sqrt(norm);
        if (norm == 0) throw std::invalid_argument("the features are collinear (or constant): least squares has no unique answer");
        const double alpha = v[k] > 0 ? -norm : norm;  // the sign that avoids cancellation
        v[k] -= alpha;
        double vv = 0;
        for (std::size_t i = k; i < n; ++i) vv += v[i] * v[i];
        const auto reflect = [&](double* u) {  // u -= 2 v (v . u) / (v . v)
            double dot = 0;
            for (std::size_t i = k; i < n; ++i) dot += v[i] * u[i];
            const double f = 2 * dot / vv;
            for (std::size_t i = k; i < n; ++i) u[i] -= f * v[i];
        };
        for (std::size_t j = k + 1; j < p; ++j) reflect(col(j));
        reflect(rhs.data());
        r_diagonal[k] = alpha;
    }
    const double largest = std::fabs(*std::max_element(r_diagonal.begin(), r_diagonal.end(),
                                                       [](double x, double y) { return std::fabs(x) < std::fabs(y); }));
    std::vector<double> theta(p);
    for (std::size_t k = p; k-- > 0;) {
        if (std::fabs(r_diagonal[k]) <= 1e-12 * largest)
            throw std::invalid_argument("the features are collinear (or constant): least squares has no unique answer");
        double s = rhs[k];
        for (std::size_t j = k + 1; j < p; ++j) s -= col(j)[k] * theta[j];
        theta[k] = s / r_diagonal[k];
    }
    return {theta[0], std::vector<double>(theta.begin() + 1, theta.end())};
}

template <class T>
std::vector<double> hessian_eigenvalues(const DatasetView<T>& data) {
    if (data.n == 0) throw std::invalid_argument("the Hessian of an empty dataset is undefined");
    const std::size_t n = data.n, p = data.d + 1;
    const std::vector<double> a = design_matrix(data);
    std::vector<double> hessian(p * p);
    for (std::size_t r = 0; r < p; ++r)
        for (std::size_t c = r; c < p; ++c) {
            long double dot = 0;
            for (std::size_t i = 0; i < n; ++i) dot += static_cast<long double>(a[r * n + i]) * a[c * n + i];
            hessian[r * p + c] = hessian[c * p + r] = static_cast<double>(2 * dot / n);
        }
    return symmetric_eigenvalues(std::move(hessian), p);
}

template <class T>
double max_stable_learning_rate(const DatasetView<T>& data) {
    return 2 / hessian_eigenvalues(data).front();
}

template LeastSquaresFit ordinary_least_squares(const DatasetView<float>&);
template LeastSquaresFit ordinary_least_squares(const DatasetView<double>&);
template std::vector<double> hessian_eigenvalues(const DatasetView<float>&);
template std::vector<double> hessian_eigenvalues(const DatasetView<double>&);
template double max_stable_learning_rate(const DatasetView<float>&);
template double max_stable_learning_rate(const DatasetView<double>&);

}  // namespace descent
