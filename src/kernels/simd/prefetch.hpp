// Software prefetching for the loops that read d + 1 streams together.
#pragma once

#include <cstddef>
#include <cstdint>

#include "../row_kernels.hpp"

namespace descent::detail {
namespace {

// Software prefetching for the loops that read d + 1 streams together, only for tables beyond
// twice the last-level cache: below it the hardware prefetchers keep up and asking ahead only
// costs; beyond it, each stream asked for 16 KiB ahead into L2 took f64 d = 10 at n = 2^24 from
// 169 to 240-255 Mrows/s (the other distances tried: docs/optimization-notes.md).
// A prefetch never faults, past the end either (the address is formed as an integer: no
// out-of-range pointer arithmetic).
enum class Prefetch { none, far_ahead };

inline constexpr std::size_t kCacheLine = 64;

// `Bytes`: how much the caller reads from p in this step -- every cache line of it is asked for.
template <Prefetch P, std::size_t Bytes, class T>
[[gnu::always_inline]] inline void prefetch_ahead(const T* p) {
    if constexpr (P == Prefetch::far_ahead) {
        constexpr std::uintptr_t distance = 16384, line = kCacheLine;
        const std::uintptr_t ahead = reinterpret_cast<std::uintptr_t>(p) + distance;
        // Locality 1 is _MM_HINT_T2 (into L2). The builtin, not _mm_prefetch: inlined through
        // _mm_prefetch, GCC 12 dropped the prefetch from the kernels (kept it in the read probe).
#pragma GCC unroll 8
        for (std::uintptr_t offset = 0; offset < Bytes; offset += line)
            __builtin_prefetch(reinterpret_cast<const void*>(ahead + offset), 0, 1);
    }
}

// The register loops (d + 1 streams read in steps of `step_bytes` each) ask ahead only where a
// step reads less than a line of each stream -- 16-bit data from d = 3: such a loop has half
// the misses in flight of one that reads a line a step, and left alone it read its large tables
// no faster than the read probes (bf16 d = 10 ran 1.3x faster with the prefetches); loops that
// read a line a step (float and double) ran slower with them.
constexpr Prefetch register_loop_prefetch(Prefetch table, std::size_t step_bytes) {
    return step_bytes < kCacheLine ? table : Prefetch::none;
}

// The table's bytes are measured by its column stride, so a thread's chunk of a large table
// counts as large. The threshold comes from the layer that knows the machine (LoopOptions).
template <class T>
std::size_t table_bytes(std::size_t d, std::size_t stride) {
    return (d + 1) * stride * sizeof(T);
}
inline Prefetch prefetch_for(std::size_t table_bytes, const LoopOptions& options) {
    return table_bytes > options.far_prefetch_from_bytes ? Prefetch::far_ahead : Prefetch::none;
}
template <class T>
Prefetch prefetch_for(const DatasetView<T>& data, const LoopOptions& options) {
    return prefetch_for(table_bytes<T>(data.d, data.stride), options);
}

}  // namespace
}  // namespace descent::detail
