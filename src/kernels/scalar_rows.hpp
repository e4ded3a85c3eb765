// The row loops written as plain loops over blocks of kMaxChain rows, arithmetic in double.
// scalar.cpp compiles them without vectorization or OpenMP (the honest baseline); omp_simd.cpp
// compiles the same source with -fopenmp, where the `omp simd` pragmas take effect. The SIMD
// kernels use them for the last rows that do not fill a vector.
#pragma once

#include <algorithm>
#include <cstddef>
#include <type_traits>
#include <vector>

#include "compensated_sum.hpp"
#include "row_kernels.hpp"
#include "widened.hpp"

namespace descent::detail {
namespace {  // internal linkage: see compensated_sum.hpp

template <class T, class P = parameter_t<T>>
void scalar_predict(const DatasetView<T>& data, std::type_identity_t<P> b, const P* w, P* out) {
    for (std::size_t i = 0; i < data.n; ++i) {
        double prediction = b;
        for (std::size_t j = 0; j < data.d; ++j) prediction += double{w[j]} * widened(data.feature(j)[i]);
        out[i] = static_cast<P>(prediction);
    }
}

// Per block: the errors e = b - y + sum_j w_j x_j into a small buffer, then each sum over the
// block (at most kMaxChain terms) folded into its CompensatedSum.
template <class T, class P = parameter_t<T>>
void scalar_accumulate(const DatasetView<T>& data, std::type_identity_t<P> b, const P* w, bool with_gradient, CompensatedSum* sums) {
    double e[kMaxChain];
    for (std::size_t begin = 0; begin < data.n; begin += kMaxChain) {
        const std::size_t rows = std::min(kMaxChain, data.n - begin);
        const T* y = data.y + begin;
#pragma omp simd
        for (std::size_t i = 0; i < rows; ++i) e[i] = double{b} - widened(y[i]);
        for (std::size_t j = 0; j < data.d; ++j) {
            const double wj = w[j];
            const T* xj = data.feature(j) + begin;
#pragma omp simd
            for (std::size_t i = 0; i < rows; ++i) e[i] += wj * widened(xj[i]);
        }
        double squares = 0, errors = 0;
#pragma omp simd reduction(+ : squares, errors)
        for (std::size_t i = 0; i < rows; ++i) {
            squares += e[i] * e[i];
            errors += e[i];
        }
        add(sums[kSumOfSquares], squares);
        if (!with_gradient) continue;
        add(sums[kSumOfErrors], errors);
        for (std::size_t j = 0; j < data.d; ++j) {
            const T* xj = data.feature(j) + begin;
            double products = 0;
#pragma omp simd reduction(+ : products)
            for (std::size_t i = 0; i < rows; ++i) products += widened(xj[i]) * e[i];
            add(sums[kFirstFeatureSum + j], products);
        }
    }
}

// Plain loops have no use for the machine's options.
template <class T, class P = parameter_t<T>>
void scalar_accumulate_entry(const DatasetView<T>& data, P b, const P* w, bool with_gradient, CompensatedSum* sums,
                             const LoopOptions&) {
    scalar_accumulate(data, b, w, with_gradient, sums);
}

// Per block: the shifted values z of every variable into a buffer, then every sum of z_a and
// z_a z_b over the block folded into its CompensatedSum.
template <class T>
void scalar_statistics(const DatasetView<T>& data, const double* shift, CompensatedSum* sums) {
    const std::size_t m = data.d + 1;
    std::vector<double> z(m * kMaxChain);
    for (std::size_t begin = 0; begin < data.n; begin += kMaxChain) {
        const std::size_t rows = std::min(kMaxChain, data.n - begin);
        for (std::size_t a = 0; a < m; ++a) {
            const T* values = (a < data.d ? data.feature(a) : data.y) + begin;
            double* za = z.data() + a * kMaxChain;
#pragma omp simd
            for (std::size_t i = 0; i < rows; ++i) za[i] = widened(values[i]) - shift[a];
        }
        for (std::size_t b = 0; b < m; ++b) {
            const double* zb = z.data() + b * kMaxChain;
            double first = 0;
#pragma omp simd reduction(+ : first)
            for (std::size_t i = 0; i < rows; ++i) first += zb[i];
            add(sums[first_order(b)], first);
            for (std::size_t a = 0; a <= b; ++a) {
                const double* za = z.data() + a * kMaxChain;
                double second = 0;
#pragma omp simd reduction(+ : second)
                for (std::size_t i = 0; i < rows; ++i) second += za[i] * zb[i];
                add(sums[second_order(m, a, b)], second);
            }
        }
    }
}

template <class T>
RowKernels<T> scalar_row_kernels() {
    return {&scalar_predict<T>, &scalar_accumulate_entry<T>, &scalar_statistics<T>};
}
inline RowKernelTable scalar_row_table() {
    return {scalar_row_kernels<float>(), scalar_row_kernels<double>(), scalar_row_kernels<bf16>(), scalar_row_kernels<f16>()};
}

}  // namespace
}  // namespace descent::detail
