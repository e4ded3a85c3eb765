// Software prefetching for the loops that read d + 1 streams together.
#pragma once

#include <cstddef>
#include <cstdint>

#include "../row_kernels.hpp"

namespace descent::detail {
namespace {

// Software prefetching for the loops that read d + 1 streams together, chosen by the size of
// the table against twice the last-level cache (measured with d = 10 on this project's machine: variants of this loop in one
// process on the same data, medians of 9 rounds, Mrows/s):
//   - tables up to about twice the last-level cache read fastest with none: from L3 the
//     hardware prefetchers keep up, and asking for lines 8-32 KiB ahead cost f64 20-25% at
//     n = 2^16-2^19 (453 -> 330-360 at 2^16);
//   - beyond, asking for each stream 16 KiB ahead, into L2, took n = 2^24 from 169 to 240-255
//     (f64, about the rows read limit) and from 340 to 480-500 (f32) against no prefetch; 4 KiB
//     ahead (the previous loop) gave 170-180 (f64), 1 KiB ahead into L1 186 (f64) and 426 (f32).
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
Prefetch prefetch_for(const DatasetView<T>& data, const LoopOptions& options) {
    const std::size_t table_bytes = (data.d + 1) * data.stride * sizeof(T);
    return table_bytes > options.far_prefetch_from_bytes ? Prefetch::far_ahead : Prefetch::none;
}

}  // namespace
}  // namespace descent::detail
