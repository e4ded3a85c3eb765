#include "descent/random.hpp"

#include <array>
#include <cmath>
#include <numbers>
#include <vector>

namespace descent {

namespace {

std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

using State = std::array<std::uint64_t, 4>;

// xoshiro256's step, without the output: linear over GF(2) in the 256 state bits.
void advance(std::uint64_t* s) {
    const std::uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
}

// A linear map of states, as the images of the 256 one-bit states.
using LinearMap = std::vector<State>;

State apply(const LinearMap& map, const State& v) {
    State out{};
    for (std::size_t bit = 0; bit < 256; ++bit)
        if (v[bit / 64] >> (bit % 64) & 1)
            for (std::size_t k = 0; k < 4; ++k) out[k] ^= map[bit][k];
    return out;
}

LinearMap square(const LinearMap& map) {
    LinearMap out(256);
    for (std::size_t bit = 0; bit < 256; ++bit) out[bit] = apply(map, map[bit]);
    return out;
}

}  // namespace

Random::Random(std::uint64_t seed) {
    for (std::uint64_t& s : state_) {
        seed += 0x9e3779b97f4a7c15ULL;
        std::uint64_t z = seed;
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        s = z ^ (z >> 31);
    }
}

std::uint64_t Random::next() {
    const std::uint64_t result = rotl(state_[1] * 5, 7) * 9;
    advance(state_);
    return result;
}

// The step's matrix raised to `draws` by squaring: about 40 squarings of a 256 x 256 bit matrix
// for a trillion draws, milliseconds.
void Random::discard(std::uint64_t draws) {
    LinearMap power(256);
    for (std::size_t bit = 0; bit < 256; ++bit) {
        State one{};
        one[bit / 64] = std::uint64_t{1} << (bit % 64);
        advance(one.data());
        power[bit] = one;
    }
    State s{state_[0], state_[1], state_[2], state_[3]};
    for (; draws > 0; draws >>= 1) {
        if (draws & 1) s = apply(power, s);
        if (draws > 1) power = square(power);
    }
    for (std::size_t k = 0; k < 4; ++k) state_[k] = s[k];
}

double Random::uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }

double Random::normal() {
    const double u1 = 1.0 - uniform();  // in (0, 1]: log is finite
    const double u2 = uniform();
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * std::numbers::pi * u2);
}

std::uint64_t Random::below(std::uint64_t bound) {
    const std::uint64_t limit = -bound % bound;  // 2^64 mod bound: the biased low values
    for (;;) {
        const std::uint64_t r = next();
        if (r >= limit) return r % bound;
    }
}

}  // namespace descent
