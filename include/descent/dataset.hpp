// The data the kernels read: a non-owning view of n rows, d feature-major columns and a target.
#pragma once

#include <algorithm>
#include <cstddef>
#include <span>
#include <new>
#include <vector>

#include "descent/export.h"

namespace descent {

// Feature j of row i lives at x[j * stride + i]; y[i] is the target of row i.
// stride >= n lets a view cover a range of rows of a larger table (a mini-batch, a thread's
// chunk) without copying: rows(begin, end) only moves the pointers.
template <class T>
struct DatasetView {
    const T* x = nullptr;
    const T* y = nullptr;
    std::size_t n = 0;
    std::size_t d = 1;
    std::size_t stride = 0;

    const T* feature(std::size_t j) const { return x + j * stride; }
    DatasetView rows(std::size_t begin, std::size_t end) const {
        return {x + begin, y + begin, end - begin, d, stride};
    }
    // The bytes of one row: its features and its target.
    std::size_t row_bytes() const { return (d + 1) * sizeof(T); }
};

// Views over caller-owned spans. Both throw std::invalid_argument when the sizes disagree
// (x must hold d * y.size() values) or d is zero; nothing is copied.
template <class T>
DESCENT_API DatasetView<T> make_view(std::span<const T> x, std::span<const T> y);
template <class T>
DESCENT_API DatasetView<T> make_view(std::span<const T> x_feature_major, std::size_t d, std::span<const T> y);

// The column stride of the tables the library owns: n rounded up to a 64-byte line, plus one
// line. Columns n = 2^k values apart start at addresses that share their low bits, so with
// more features than a cache set has ways they evict each other: at d = 10, n = 2^24 (f64) the
// SIMD epoch ran at 83 Mrows/s with stride n and 184 Mrows/s with stride n + 1024.
template <class T>
constexpr std::size_t padded_stride(std::size_t n) {
    constexpr std::size_t line = 64 / sizeof(T);
    return (n + line - 1) / line * line + line;
}

// Storage that starts on a cache line. std::vector's own starts 16 bytes into one here, so every
// 64-byte vector load of a column straddled two lines: with the tables aligned, the SIMD epoch
// (f32, d = 1, `descent bench`, both builds run twice, interleaved) went from 10.7 to 12.7-13.4
// Grows/s at n = 2^16 and from 9.8-10.2 to 11.6 at 2^20 (85-87% -> 96% of the read limit).
template <class T>
struct CacheLineAllocator {
    using value_type = T;
    static constexpr std::align_val_t alignment{64};
    CacheLineAllocator() = default;
    template <class U>
    CacheLineAllocator(const CacheLineAllocator<U>&) noexcept {}
    T* allocate(std::size_t count) { return static_cast<T*>(::operator new(count * sizeof(T), alignment)); }
    // Unsized: clang (before 19) declares the sized aligned delete only with -fsized-deallocation.
    void deallocate(T* p, std::size_t) noexcept { ::operator delete(p, alignment); }
    friend bool operator==(const CacheLineAllocator&, const CacheLineAllocator&) { return true; }
};
template <class T>
using AlignedVector = std::vector<T, CacheLineAllocator<T>>;

// A table that owns its columns, for data the library makes or reads (synthetic data, CSV).
template <class T>
struct Dataset {
    AlignedVector<T> x;  // d columns; feature j of row i at x[j * stride + i]
    AlignedVector<T> y;
    std::size_t d = 1;
    std::size_t stride = 0;

    std::size_t n() const { return y.size(); }
    DatasetView<T> view() const { return {x.data(), y.data(), n(), d, stride}; }
    T* column(std::size_t j) { return x.data() + j * stride; }
    const T* column(std::size_t j) const { return x.data() + j * stride; }
    // Storage for n rows of d features with padded_stride columns (zeros until written).
    void resize(std::size_t rows, std::size_t features) {
        d = features;
        stride = padded_stride<T>(rows);
        x.assign(d * stride, T{});
        y.resize(rows);
    }
    // A copy of `rows` in this table's own padded storage.
    void assign(const DatasetView<T>& rows) {
        resize(rows.n, rows.d);
        for (std::size_t j = 0; j < d; ++j) std::copy(rows.feature(j), rows.feature(j) + rows.n, column(j));
        std::copy(rows.y, rows.y + rows.n, y.begin());
    }
};

// The model's parameters: prediction = b + sum_j w[j] * x_j.
template <class T>
struct Params {
    T b = 0;
    std::vector<T> w;
};

// d(mse)/db and d(mse)/dw_j.
template <class T>
struct Gradient {
    T db = 0;
    std::vector<T> dw;
};

}  // namespace descent
