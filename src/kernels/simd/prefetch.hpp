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

// `Bytes`: how much the caller reads from p in this step -- every cache line of it is asked for.
template <Prefetch P, std::size_t Bytes, class T>
[[gnu::always_inline]] inline void prefetch_ahead(const T* p) {
    if constexpr (P == Prefetch::far_ahead) {
        constexpr std::uintptr_t distance = 16384, line = 64;
        const std::uintptr_t ahead = reinterpret_cast<std::uintptr_t>(p) + distance;
        // Locality 1 is _MM_HINT_T2 (into L2). The builtin, not _mm_prefetch: inlined through
        // _mm_prefetch, GCC 12 dropped the prefetch from the kernels (kept it in the read probe).
#pragma GCC unroll 8
        for (std::uintptr_t offset = 0; offset < Bytes; offset += line)
            __builtin_prefetch(reinterpret_cast<const void*>(ahead + offset), 0, 1);
    }
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
