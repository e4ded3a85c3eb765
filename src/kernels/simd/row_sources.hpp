// Where the pass's loops take their rows from. MemoryRows reads the table: what every kernel
// runs. RegisterRows hands out one value held in a register, hidden from the compiler at each
// use so that no arithmetic on it can be hoisted or folded: the same loops then issue exactly
// the kernel's additions, multiplications, FMAs and conversions with no memory traffic, which
// is what the compute roof times (compute_probe.hpp).
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <type_traits>

#include "../scalar_rows.hpp"
#include "arch_helpers.hpp"
#include "prefetch.hpp"

namespace descent::detail {
namespace {

// The rows of a table stored as T; the loops compute in value_type (float for 16-bit storage,
// widened exactly on load, so that the loops run as they do on the float table of its values).
template <class T>
struct MemoryRows {
    using value_type = parameter_t<T>;
    static constexpr std::size_t value_bytes = sizeof(T);
    static constexpr bool from_memory = true;
    DatasetView<T> data;

    std::size_t n() const { return data.n; }
    std::size_t d() const { return data.d; }
    std::size_t table_bytes() const { return detail::table_bytes<T>(data.d, data.stride); }

    template <class B>
    B column(std::size_t j, std::size_t i) const { return load<B>(data.feature(j) + i); }
    template <class B>
    B target(std::size_t i) const { return load<B>(data.y + i); }
    // The target of Doubles<Arch>::size rows as doubles (float and 16-bit data widened on load).
    template <class Arch>
    Doubles<Arch> target_doubles(std::size_t i) const { return load_doubles<Arch>(data.y + i); }

    template <Prefetch P, std::size_t Bytes>
    void prefetch_column(std::size_t j, std::size_t i) const { prefetch_ahead<P, Bytes>(data.feature(j) + i); }
    template <Prefetch P, std::size_t Bytes>
    void prefetch_target(std::size_t i) const { prefetch_ahead<P, Bytes>(data.y + i); }

    // The rows from `begin` on, which do not fill a step of the streaming loop.
    void add_tail(std::size_t begin, value_type b, const value_type* w, bool with_gradient, CompensatedSum* sums) const {
        scalar_accumulate(data.rows(begin, data.n), b, w, with_gradient, sums);
    }

    // The rows from `full` on, fewer than a step of a register loop, copied into one whole step
    // of a small table and handed to add_steps(rows, count) as any rows are: per row, the scalar
    // loop took as long as a step of the vector loop. A padding row has x = 0 and y = b: its
    // error is exactly 0, so it adds nothing to any sum. The small table holds value_type:
    // 16-bit rows are widened into it, so that b is a padding y exactly.
    template <std::size_t Step, std::size_t D, class AddSteps>
    void add_leftovers(std::size_t full, value_type b, AddSteps&& add_steps) const {
        using V = value_type;
        if (full == data.n) return;
        alignas(64) std::array<V, (D + 1) * Step> table;
        const auto fill = [&](V* out, const T* column, V padding) {
            std::fill(std::transform(column + full, column + data.n, out, [](T x) { return static_cast<V>(widened(x)); }),
                      out + Step, padding);
        };
        for (std::size_t j = 0; j < D; ++j) fill(table.data() + j * Step, data.feature(j), V{0});
        fill(table.data() + D * Step, data.y, b);
        add_steps(MemoryRows<V>{DatasetView<V>{table.data(), table.data() + D * Step, Step, D, Step}}, Step);
    }

private:
    template <class B>
    [[gnu::always_inline]] static B load(const T* p) {
        if constexpr (is_storage16<T>) {
            using Arch = typename B::arch_type;
            return widen_words<Arch, T>(load_words<Arch, T>(&p->bits));
        } else {
            return B::load_unaligned(p);
        }
    }
};

// n rows of d features, every value `value`, in a table of the given column stride (which
// decides the loop's shape for large tables, as it does in memory). Rows that do not fill a
// step of the loop are left out: there is no scalar tail from registers. 16-bit values are
// widened from words held in a register, with the instructions of a widening load.
template <class T>
struct RegisterRows {
    using value_type = parameter_t<T>;
    static constexpr std::size_t value_bytes = sizeof(T);
    static constexpr bool from_memory = false;  // so no far-prefetching copy of a loop is built for it
    std::size_t rows, features, stride;
    T value;

    std::size_t n() const { return rows; }
    std::size_t d() const { return features; }
    std::size_t table_bytes() const { return detail::table_bytes<T>(features, stride); }

    template <class B>
    B column(std::size_t, std::size_t) const {
        if constexpr (is_storage16<T>) {
            using Arch = typename B::arch_type;
            Words<Arch, T> words = broadcast_words<Arch, T>(value.bits);
            hide_words(words);
            return widen_words<Arch, T>(words);
        } else {
            B v(value);
            hide_from_compiler(v);
            return v;
        }
    }
    template <class B>
    B target(std::size_t i) const { return column<B>(0, i); }
    // The conversions a widening load of y does (for 16-bit data, a widening of twice the words
    // the load widens: the same instructions, wider).
    template <class Arch>
    Doubles<Arch> target_doubles(std::size_t i) const {
        if constexpr (std::is_same_v<T, double>)
            return column<Doubles<Arch>>(0, i);
        else
            return widen<Arch>(column<xsimd::batch<float, Arch>>(0, i))[0];
    }

    template <Prefetch, std::size_t>
    void prefetch_column(std::size_t, std::size_t) const {}
    template <Prefetch, std::size_t>
    void prefetch_target(std::size_t) const {}

    void add_tail(std::size_t, value_type, const value_type*, bool, CompensatedSum*) const {}
    template <std::size_t Step, std::size_t D, class AddSteps>
    void add_leftovers(std::size_t, value_type, AddSteps&&) const {}
};

}  // namespace
}  // namespace descent::detail
