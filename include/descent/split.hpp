// The book's shuffled train/validation split, and row gathering for mini-batches.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "descent/dataset.hpp"
#include "descent/export.h"

namespace descent {

template <class T>
struct Split {
    Dataset<T> train;
    Dataset<T> validation;  // empty when the validation fraction is 0
};

// Shuffles the row indices with the seed and keeps the first round(n * (1 - fraction)) rows
// for training (the book: idx = permutation(N); train = idx[:int(N * .8)]). Throws
// std::invalid_argument unless 0 <= fraction < 1 and at least one row is left to train on.
template <class T>
DESCENT_API Split<T> shuffled_split(const DatasetView<T>& data, double validation_fraction, std::uint64_t seed);

// Copies the listed rows of `data` into `out`, reusing its storage (no allocation once it is
// large enough): how mini-batches are formed.
template <class T>
DESCENT_API void gather_rows(const DatasetView<T>& data, std::span<const std::size_t> rows, Dataset<T>& out);

// A uniformly random permutation of 0 .. n-1 (Fisher-Yates with descent::Random).
DESCENT_API std::vector<std::size_t> shuffled_indices(std::size_t n, std::uint64_t seed);

// round(n * (1 - fraction)), the rows shuffled_split trains on; throws as it does.
DESCENT_API std::size_t training_rows(std::size_t n, double validation_fraction);

// shuffled_split without a second table: the rows of `data` swapped in place as
// shuffled_indices swaps indices, so row k then holds old row shuffled_indices(n, seed)[k]
// and rows(0, training_rows(n, f)) / rows(training_rows(n, f), n) are the same two sets.
template <class T>
DESCENT_API void shuffle_rows(Dataset<T>& data, std::uint64_t seed);

}  // namespace descent
