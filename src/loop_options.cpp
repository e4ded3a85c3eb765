#include "loop_options.hpp"

#include "descent/machine.hpp"

namespace descent::detail {

// Far prefetching pays for tables beyond twice the last-level cache (src/kernels/simd/prefetch.hpp).
const LoopOptions& machine_loop_options() {
    static const LoopOptions options = [] {
        const CacheSizes sizes = cache_sizes();
        const std::size_t last_level = sizes.l3 > 0 ? sizes.l3 : sizes.l2 > 0 ? sizes.l2 : std::size_t{32} << 20;
        return LoopOptions{2 * last_level};
    }();
    return options;
}

}  // namespace descent::detail
