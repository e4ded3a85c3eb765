// Data and parameters the kernel tests share: the book's model, extended to d features.
#pragma once

#include <sys/mman.h>
#include <unistd.h>

#include <cstddef>
#include <cstring>
#include <stdexcept>
#include <span>
#include <vector>

#include "descent/dataset.hpp"
#include "descent/synthetic.hpp"

namespace descent::testing {

template <class T>
Dataset<T> seed_like(std::size_t n, std::size_t d, std::uint64_t seed = 42) {
    SyntheticSpec spec;
    spec.n = n;
    spec.w_true = example_true_weights(d);
    spec.seed = seed;
    return make_synthetic<T>(spec);
}

// The feature columns back to back, stride n (the library's own tables pad them).
template <class T>
std::vector<T> compact_columns(const Dataset<T>& data) {
    std::vector<T> x;
    for (std::size_t j = 0; j < data.d; ++j) x.insert(x.end(), data.column(j), data.column(j) + data.n());
    return x;
}

// Memory with an inaccessible page right after `end` (or right before `begin`): a kernel that
// reads one element past the caller's span crashes the test instead of passing by luck.
template <class T>
class GuardedBuffer {
public:
    enum class Guard { after, before };
    GuardedBuffer(std::span<const T> values, Guard guard) {
        const std::size_t page = static_cast<std::size_t>(sysconf(_SC_PAGESIZE));
        const std::size_t bytes = values.size() * sizeof(T);
        const std::size_t data_pages = (bytes + page - 1) / page + 1;
        size_ = (data_pages + 1) * page;
        void* map = mmap(nullptr, size_, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (map == MAP_FAILED) throw std::runtime_error("mmap failed");
        base_ = static_cast<char*>(map);
        if (guard == Guard::after) {
            mprotect(base_ + data_pages * page, page, PROT_NONE);
            data_ = reinterpret_cast<T*>(base_ + data_pages * page - bytes);
        } else {
            mprotect(base_, page, PROT_NONE);
            data_ = reinterpret_cast<T*>(base_ + page);
        }
        if (bytes) std::memcpy(data_, values.data(), bytes);
    }
    GuardedBuffer(const GuardedBuffer&) = delete;
    GuardedBuffer& operator=(const GuardedBuffer&) = delete;
    ~GuardedBuffer() { munmap(base_, size_); }
    T* data() { return data_; }

private:
    char* base_ = nullptr;
    std::size_t size_ = 0;
    T* data_ = nullptr;
};

}  // namespace descent::testing
