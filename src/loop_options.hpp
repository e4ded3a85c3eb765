// The options the row loops take from the machine (detail::LoopOptions): decided here, once,
// from the caches, and passed down to the kernels, which know nothing of the machine probes.
#pragma once

#include "kernels/row_kernels.hpp"

namespace descent::detail {

const LoopOptions& machine_loop_options();

}  // namespace descent::detail
