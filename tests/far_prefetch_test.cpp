// The loops that tables beyond twice the last-level cache take (they ask for their rows far
// ahead, and the loop for any d then steps one vector a stream), for every instruction set this
// CPU runs and every storage type: within the bounds of the long double reference, and the
// register loops with the bits of the loops small tables take. The library takes them only
// for tables of tens of MiB and more; here an implementation whose threshold is zero runs them
// on small tables.
#include <gtest/gtest.h>

#include <cstring>
#include <string>
#include <type_traits>

#include "descent/agreement.hpp"
#include "descent/isa.hpp"
#include "descent/storage16.hpp"
#include "kernels/kernel_tables.hpp"
#include "kernels/row_kernel_implementation.hpp"
#include "test_data.hpp"

namespace descent {
namespace {

const detail::LoopOptions& every_table_far() {
    static const detail::LoopOptions options{0};
    return options;
}
const detail::LoopOptions& no_table_far() {
    static const detail::LoopOptions options{};
    return options;
}

// The kernels of one instruction set as an implementation of one thread, with the given threshold.
detail::RowKernelImplementation implementation_of(const detail::IsaKernels& isa, const detail::LoopOptions& (*options)()) {
    return detail::RowKernelImplementation(detail::ImplementationInfo{"far_prefetch_test", isa.description, isa.rows,
                                                                      false, options, isa.isa});
}

template <class T>
Dataset<T> table(std::size_t n, std::size_t d) {
    if constexpr (is_storage16<T>)
        return to_storage16<T>(testing::seed_like<float>(n, d, n + d).view());
    else
        return testing::seed_like<T>(n, d, n + d);
}

bool same_bits(const PassSums& a, const PassSums& b) {
    return a.values().size() == b.values().size() &&
           std::memcmp(a.values().data(), b.values().data(), a.values().size_bytes()) == 0;
}

template <class T>
void far_loops_agree() {
    using P = parameter_t<T>;
    for (const detail::IsaKernels& isa : detail::isa_kernels()) {
        if (isa.isa > cpu_isa()) continue;
        const auto far = implementation_of(isa, &every_table_far);
        const auto near = implementation_of(isa, &no_table_far);
        // Every d of the register loops (up to 12 under AVX-512) and two of the loop for any d;
        // n from below one step to several blocks, each with leftover rows.
        for (std::size_t d = 1; d <= 14; ++d)
            for (std::size_t n : {1, 63, 1000, 4133}) {
                const Dataset<T> data = table<T>(n, d);
                for (const Params<P>& params : agreement_points<P>(d)) {
                    const Reference ref = reference(data.view(), params);
                    const std::string where = std::string(to_string(isa.isa)) + ", n = " + std::to_string(n) +
                                              ", d = " + std::to_string(d);
                    for (const KernelCase& c : kernel_cases())
                        EXPECT_LE(kernel_error(far, c.kernel, data.view(), params, ref), error_bound<T>(c.kernel, d))
                            << to_string(c.kernel) << ", " << where;
                    // Prefetches change no arithmetic: the register loops (d = 1 everywhere; float
                    // and 16-bit data up to kMaxRegisterFeatures under AVX-512) step as they do
                    // without them, so their sums have the same bits.
                    const bool register_loop =
                        d == 1 || (isa.isa == Isa::avx512 && !std::is_same_v<T, double> && d <= detail::kMaxRegisterFeatures);
                    if (!register_loop) continue;
                    PassSums far_sums, near_sums;
                    far.pass_sums(data.view(), params, far_sums);
                    near.pass_sums(data.view(), params, near_sums);
                    EXPECT_TRUE(same_bits(far_sums, near_sums)) << where;
                }
            }
    }
}

TEST(FarPrefetchTest, FarLoopsAgreeFloat) { far_loops_agree<float>(); }
TEST(FarPrefetchTest, FarLoopsAgreeDouble) { far_loops_agree<double>(); }
TEST(FarPrefetchTest, FarLoopsAgreeBfloat16) { far_loops_agree<bf16>(); }
TEST(FarPrefetchTest, FarLoopsAgreeHalf) { far_loops_agree<f16>(); }

}  // namespace
}  // namespace descent
