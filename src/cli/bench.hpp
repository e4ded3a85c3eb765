// `descent bench` in parts: its options and what its timings share. bench.cpp times one
// process; bench_mpi.cpp the ranks of an MPI job (`mpirun -np K descent bench --mpi`).
#pragma once

#include <algorithm>
#include <string>
#include <vector>

#include "descent/dataset.hpp"
#include "descent/synthetic.hpp"
#include "dtypes.hpp"

namespace descent::cli {

struct BenchOptions {
    std::size_t d = 1;
    std::size_t min_n = std::size_t{1} << 10;
    std::size_t max_n = std::size_t{1} << 26;
    std::vector<std::string> dtypes{"f32", "f64"};
    std::vector<std::string> impls;  // empty: every supported one
    // Many short rounds rather than a few long ones: competitors that run the same code (auto
    // and simd_omp) differed by up to 25% in medians of 7 rounds of 0.1 s on this shared
    // 2-core machine, and by at most 2.6% in medians of 21 rounds of 0.03 s (4 runs each at
    // 2^22, 6 at 2^16): with more rounds, a slow phase of the machine touches fewer of them.
    int repetitions = 21;
    double min_time = 0.03;
    std::string json;
    bool peers = false;
    std::size_t fit_epochs = 0;  // --fit E: time whole fits instead of epochs
    bool mpi = false;            // --mpi: epochs over the ranks of the MPI job (bench_mpi.cpp)
};

// Every epoch timed steps with this rate (below the stable bound of the synthetic data).
inline constexpr double kLearningRate = 0.1;

inline double median(std::vector<double> values) {
    std::sort(values.begin(), values.end());
    const std::size_t mid = values.size() / 2;
    return values.size() % 2 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
}

// The synthetic rows every benchmark of one size runs on.
inline SyntheticSpec bench_spec(const BenchOptions& options, std::size_t n) {
    SyntheticSpec spec;
    spec.n = n;
    spec.w_true = example_true_weights(options.d);
    return spec;
}

// Epochs over the ranks of the MPI job this process is one of, and the exit status; refused
// in a build without the MPI layer (without_mpi.cpp).
int run_mpi_bench(const BenchOptions& options);

}  // namespace descent::cli
