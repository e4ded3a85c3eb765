// What a user would write instead of descent, doing the same full-batch epoch on the same data:
// Eigen 3 array and matrix expressions, and the BLAS formulation (OpenBLAS, one thread).
// `descent bench --peers` times them beside the implementations.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "descent/dataset.hpp"

namespace descent::cli {

struct PeerEpoch {
    std::string name;
    std::function<void()> run_once;  // one epoch: loss, gradient, parameter update
};

// The peers own their parameters and scratch (allocated here, never per epoch) and read `data`,
// which must outlive them.
template <class T>
std::vector<PeerEpoch> make_peer_epochs(const DatasetView<T>& data, T learning_rate);

}  // namespace descent::cli
