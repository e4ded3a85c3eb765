// The book's synthetic data: y = b_true + sum_j w_true[j] x_j + noise * eps, x uniform in
// [0, 1), eps standard normal. Same seed, same data, on every run and machine.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "descent/dataset.hpp"
#include "descent/export.h"

namespace descent {

struct SyntheticSpec {
    std::size_t n = 100;
    double b_true = 1.0;
    std::vector<double> w_true{2.0};  // d = w_true.size()
    double noise = 0.1;
    std::uint64_t seed = 42;
};

// The true weights the checks, tests and benchmarks use for d features: the book's w = 2 first,
// then weights of both signs and falling size (-1, 1/2, -1/3, ...).
DESCENT_API std::vector<double> example_true_weights(std::size_t d);

// Drawn in double, row by row (x_0 .. x_{d-1} then eps), then stored as T.
template <class T>
DESCENT_API Dataset<T> make_synthetic(const SyntheticSpec& spec);

// Rows [begin, end) of make_synthetic(spec), the same values, without drawing the rows before
// them (each row takes d + 2 draws; the stream jumps there): a rank's share of the data. Throws
// std::invalid_argument unless begin <= end <= spec.n.
template <class T>
DESCENT_API Dataset<T> make_synthetic_rows(const SyntheticSpec& spec, std::size_t begin, std::size_t end);

}  // namespace descent
