// A random generator whose output the library controls: the same seed gives the same numbers
// with every compiler and standard library (std::normal_distribution does not).
#pragma once

#include <cstdint>

#include "descent/export.h"

namespace descent {

// SplitMix64 to expand the seed, xoshiro256** for the stream.
class DESCENT_API Random {
public:
    explicit Random(std::uint64_t seed);
    std::uint64_t next();
    // Uniform in [0, 1) with 53 random bits.
    double uniform();
    // Standard normal (Box-Muller on two uniforms; no cached second value, so the stream
    // position depends only on how many normals were drawn).
    double normal();
    // Uniform integer in [0, bound), without modulo bias.
    std::uint64_t below(std::uint64_t bound);
    // The stream as after `draws` calls of next(), in O(log draws) time: how a rank starts
    // its share of the synthetic rows where one process would have reached them.
    void discard(std::uint64_t draws);

private:
    std::uint64_t state_[4];
};

}  // namespace descent
