// What the benchmarks and `descent info` say about the machine they ran on.
#pragma once

#include <cstddef>
#include <string>

#include "descent/export.h"

namespace descent {

// /proc/cpuinfo's model name, or "unknown CPU".
DESCENT_API std::string cpu_model();

// Per-core data caches and the last level, in bytes, from sysfs (0 where the OS does not say).
struct CacheSizes {
    std::size_t l1d = 0;
    std::size_t l2 = 0;
    std::size_t l3 = 0;
};
DESCENT_API CacheSizes cache_sizes();

// How many threads an OpenMP parallel region starts here (OMP_NUM_THREADS applies).
DESCENT_API int openmp_threads();

// How many of them the threaded implementations use for n rows: one per chunk of 32768 rows,
// at most openmp_threads().
DESCENT_API int threads_for_rows(std::size_t n);

}  // namespace descent
