// The reference and the bound the kernel tests rely on: they must be right, and the harness
// must be able to fail.
#include <gtest/gtest.h>

#include "descent/agreement.hpp"
#include "descent/registry.hpp"
#include "test_data.hpp"

namespace descent {
namespace {

TEST(Reference, MatchesHandComputedValues) {
    // Rows (x, y) = (0, 1), (1, 2), (2, 6); b = 1, w = 2: e = 0, 1, -1.
    const std::vector<double> x{0, 1, 2}, y{1, 2, 6};
    const Params<double> params{1, {2}};
    const Reference ref = reference(make_view<double>(x, y), params);
    EXPECT_DOUBLE_EQ(static_cast<double>(ref.mse), 2.0 / 3);
    EXPECT_DOUBLE_EQ(static_cast<double>(ref.db), 0.0);
    EXPECT_DOUBLE_EQ(static_cast<double>(ref.dw[0]), 2.0 * (0 + 1 - 2) / 3);
    // Scale of db: 2 mean(|b| + |w x| + |y|) = 2 (2 + 5 + 11) / 3.
    EXPECT_DOUBLE_EQ(static_cast<double>(ref.db_scale), 2.0 * (2 + 5 + 11) / 3);
}

TEST(ErrorBound, MeetsTheProjectTargetsUpToTenFeatures) {
    for (std::size_t d = 1; d <= 10; ++d)
        for (const KernelCase& c : kernel_cases()) {
            const Kernel kernel = c.kernel;
            EXPECT_LE(error_bound<float>(kernel, d), kErrorTarget<float>) << to_string(kernel) << " d = " << d;
            EXPECT_LE(error_bound<double>(kernel, d), kErrorTarget<double>) << to_string(kernel) << " d = " << d;
        }
}

// An implementation that drops the last row: the harness must see it.
class DropsLastRow final : public ImplementationOf<DropsLastRow> {
public:
    std::string_view name() const override { return "drops_last_row"; }
    std::string_view description() const override { return "broken on purpose"; }
    bool supported() const override { return true; }
    bool threaded() const override { return false; }
    template <class T, class P = parameter_t<T>>
    void run_predict(const DatasetView<T>& d, const Params<P>& p, std::span<P> o) const { inner().predict(d, p, o); }
    template <class T, class P = parameter_t<T>>
    P run_mse(const DatasetView<T>& d, const Params<P>& p) const { return inner().mse(d.rows(0, d.n - 1), p); }
    template <class T, class P = parameter_t<T>>
    void run_gradient(const DatasetView<T>& d, const Params<P>& p, Gradient<P>& g) const { inner().gradient(d.rows(0, d.n - 1), p, g); }
    template <class T, class P = parameter_t<T>>
    P run_loss_and_gradient(const DatasetView<T>& d, const Params<P>& p, Gradient<P>& g) const { return inner().loss_and_gradient(d.rows(0, d.n - 1), p, g); }
    template <class T, class P = parameter_t<T>>
    P run_descend(const DatasetView<T>& d, Params<P>& p, double lr, Gradient<P>& g) const { return inner().descend(d.rows(0, d.n - 1), p, lr, g); }
    template <class T, class P = parameter_t<T>>
    void run_pass_sums(const DatasetView<T>& r, const Params<P>& p, PassSums& s) const { inner().pass_sums(r.rows(0, r.n - 1), p, s); }
    template <class T>
    SufficientStatistics run_statistics(const DatasetView<T>& d) const { return inner().statistics(d.rows(0, d.n - 1)); }

private:
    static const Implementation& inner() { return find_implementation("scalar"); }
};

TEST(KernelError, CatchesAKernelThatDropsOneRowInAMillion) {
    const Dataset<double> data = testing::seed_like<double>(1000000, 1);
    for (const Params<double>& params : agreement_points<double>(1)) {
        const Reference ref = reference(data.view(), params);
        for (Kernel kernel : {Kernel::mse, Kernel::gradient, Kernel::loss_and_gradient, Kernel::descend})
            EXPECT_GT(kernel_error(DropsLastRow(), kernel, data.view(), params, ref), error_bound<double>(kernel, 1))
                << to_string(kernel);
    }
}

}  // namespace
}  // namespace descent
