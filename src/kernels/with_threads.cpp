// with_threads: an implementation with its own thread count, for programs with a pool of their own.
#include <stdexcept>
#include <string>

#include "descent/threads.hpp"
#include "forwarding_implementation.hpp"

namespace descent {

namespace {

class ThreadLimitedImplementation final : public detail::ForwardingImplementation {
public:
    ThreadLimitedImplementation(const Implementation& base, int threads)
        : ForwardingImplementation(threads),
          base_(base),
          description_(std::string(base.description()) + "; at most " + std::to_string(threads) + " threads") {}
    std::string_view name() const override { return base_.name(); }
    std::string_view description() const override { return description_; }
    bool supported() const override { return base_.supported(); }
    bool threaded() const override { return base_.threaded(); }

private:
    const Implementation& target(std::size_t, std::size_t) const override { return base_; }

    const Implementation& base_;
    std::string description_;
};

}  // namespace

std::unique_ptr<const Implementation> with_threads(const Implementation& base, int threads) {
    if (threads < 1) throw std::invalid_argument("with_threads: the thread count must be at least 1, got " + std::to_string(threads));
    return std::make_unique<ThreadLimitedImplementation>(base, threads);
}

}  // namespace descent
