// The README's usage example, compiled and run: if the interface changes, this fails first.
#include <gtest/gtest.h>

#include "descent/fit.hpp"
#include "descent/registry.hpp"

TEST(ReadmeExample, CompilesAndTrains) {
    std::vector<float> x{0.0f, 0.25f, 0.5f, 0.75f, 1.0f}, y{1.0f, 1.5f, 2.0f, 2.5f, 3.0f};  // y = 1 + 2x
    auto data = descent::make_view<float>(x, y);
    const descent::Implementation& impl = descent::default_implementation();
    descent::Params<float> p{0.f, {0.f}};
    descent::Gradient<float> g;
    float loss = impl.loss_and_gradient(data, p, g);
    EXPECT_FLOAT_EQ(loss, (1.0f + 2.25f + 4.0f + 6.25f + 9.0f) / 5);
    loss = impl.descend(data, p, 0.1f, g);                     // the same pass, then p -= 0.1 g
    EXPECT_FLOAT_EQ(loss, (1.0f + 2.25f + 4.0f + 6.25f + 9.0f) / 5);
    EXPECT_FLOAT_EQ(p.b, 0.1f * 4.0f);                          // db = 2 mean(-y) = -4
    EXPECT_FLOAT_EQ(p.w[0], 0.1f * 2.5f);                       // dw = 2 mean(-x y) = -2.5
    descent::FitOptions options;                                // lr 0.1, 1000 epochs, full batch
    auto result = descent::fit(impl, data, p, options);
    EXPECT_NEAR(result.params.b, 1.0f, 1e-3);
    EXPECT_NEAR(result.params.w[0], 2.0f, 1e-3);
}
