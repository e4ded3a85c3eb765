// What one fused pass over some rows adds up, for programs that run the passes themselves
// (threads.hpp): sum e, sum e^2 and sum x_j e (e = prediction - y), each a double that carries
// its own rounding error. The means, the loss and the step of descend come from these alone.
#pragma once

#include <cstddef>
#include <span>
#include <vector>

#include "descent/dataset.hpp"
#include "descent/export.h"

namespace descent {

// A double sum with its rounding error (Knuth's TwoSum): the value is sum + error.
struct CompensatedSum {
    double sum = 0;
    double error = 0;
};

// Throws std::invalid_argument unless the learning rate is positive and finite (fit, descend).
DESCENT_API void check_learning_rate(double learning_rate);

class DESCENT_API PassSums {
public:
    PassSums() = default;
    // Zero sums for d features.
    explicit PassSums(std::size_t d) { reset(d); }
    void reset(std::size_t d) { sums_.assign(d + 2, CompensatedSum{}); }

    std::size_t d() const { return sums_.empty() ? 0 : sums_.size() - 2; }
    double sum_of_errors() const;                   // sum e
    double sum_of_squares() const;                  // sum e^2
    double sum_of_products(std::size_t j) const;    // sum x_j e

    // Adds the sums of the rows that follow: adding every chunk's sums in row order to zero
    // sums gives the same bits as the threaded implementations. Throws std::invalid_argument
    // when d differs.
    void add(const PassSums& later);

    // From the sums of all n rows, as the kernels compute them: the mse; the gradient
    // (db = 2 sum e / n, dw_j = 2 sum x_j e / n) into out; descend's step, params -=
    // learning_rate * gradient taken in double. Each throws std::invalid_argument for n = 0,
    // parameters of another d, or (descend) a learning rate that is not positive and finite,
    // leaving params as they were.
    template <class T>
    T mse(std::size_t n) const;
    template <class T>
    T loss_and_gradient(std::size_t n, Gradient<T>& out) const;
    template <class T>
    T descend(std::size_t n, Params<T>& params, double learning_rate, Gradient<T>& out) const;

    // The sums in the order the kernels fill them: [0] sum e, [1] sum e^2, [2 + j] sum x_j e.
    std::span<CompensatedSum> values() { return sums_; }
    std::span<const CompensatedSum> values() const { return sums_; }

private:
    std::vector<CompensatedSum> sums_;
};

}  // namespace descent
