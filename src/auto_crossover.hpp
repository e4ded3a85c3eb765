// Where `auto` starts to run threads: measured on this machine, once per process, the first
// time a table large enough for threads to matter asks.
#pragma once

#include <atomic>
#include <cstddef>
#include <limits>
#include <mutex>
#include <span>

namespace descent {
class Implementation;
}

namespace descent::detail {

// "Threads never pay here": auto stays on one thread at every n.
inline constexpr std::size_t kNeverThreads = std::numeric_limits<std::size_t>::max();

// One table size of the measurement (bytes: rows x row bytes): the median seconds of an epoch
// on one thread and on the team.
struct CrossoverTiming {
    std::size_t bytes;
    double one_thread;
    double team;
};

// The crossover the timings (ascending sizes) show: the first size from which the team was
// faster at that size and at the next (one faster round is not trusted on a shared machine),
// or faster at the last size measured; kNeverThreads when it never was.
inline std::size_t crossover_from(std::span<const CrossoverTiming> timings) {
    for (std::size_t i = 0; i < timings.size(); ++i) {
        const bool faster = timings[i].team < timings[i].one_thread;
        const bool last = i + 1 == timings.size();
        if (faster && (last || timings[i + 1].team < timings[i + 1].one_thread)) return timings[i].bytes;
    }
    return kNeverThreads;
}

// Times an f32 d = 1 epoch (the least work a row: the last shape to gain from threads) on one
// thread and on `team` with `threads` threads (at least 2), at sizes from two chunks up, and
// returns crossover_from, in bytes of table. A few tens of milliseconds.
std::size_t measure_auto_crossover(const Implementation& one_thread, const Implementation& team, int threads);

// The crossover once measured, kept for the process. `threads` is the team a measurement would
// time: with one thread, or inside a parallel region of the caller's (whose threads would share
// the timings), nothing is measured and nothing kept -- a team of one is never faster, but a
// later call with more threads must still measure (importing PyTorch sets OpenMP's count to 1
// in its thread, and `auto` had then kept "never" for the whole process).
class MeasuredCrossover {
public:
    template <class Measure>  // std::size_t(int threads)
    std::size_t get(int threads, bool in_parallel, Measure&& measure) {
        if (const std::size_t bytes = measured_.load(std::memory_order_acquire)) return bytes;
        if (threads < 2 || in_parallel) return kNeverThreads;
        const std::lock_guard<std::mutex> lock(measuring_);
        if (measured_.load(std::memory_order_relaxed) == 0) measured_.store(measure(threads), std::memory_order_release);
        return measured_.load(std::memory_order_relaxed);
    }

private:
    std::atomic<std::size_t> measured_{0};  // 0: not measured yet
    std::mutex measuring_;
};

}  // namespace descent::detail
