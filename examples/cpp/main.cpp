// descent from C++: a table of the program's own, the fastest implementation (`auto`), a
// hand-written training loop with descend, then the same with fit.
#include <cmath>
#include <cstdio>
#include <random>
#include <vector>

#include <descent/fit.hpp>
#include <descent/registry.hpp>
#include <descent/version.h>

int main() {
    // 100000 rows of y = 1 + 2 x1 - 3 x2 + 0.1 noise, feature-major: x1's column, then x2's.
    const std::size_t n = 100000, d = 2;
    std::mt19937_64 random(7);
    std::uniform_real_distribution<double> uniform(0, 1);
    std::normal_distribution<double> noise(0, 0.1);
    std::vector<double> x(d * n), y(n);
    for (std::size_t i = 0; i < n; ++i) {
        x[i] = uniform(random);
        x[n + i] = uniform(random);
        y[i] = 1 + 2 * x[i] - 3 * x[n + i] + noise(random);
    }
    const descent::DatasetView<double> data = descent::make_view<double>(x, d, y);
    const descent::Implementation& impl = descent::default_implementation();  // `auto` unless DESCENT_IMPL says
    std::printf("descent %s, implementation %s\n", std::string(descent::version()).c_str(),
                std::string(impl.name()).c_str());

    // The loop by hand: one fused pass and one step per epoch.
    descent::Params<double> params{0, {0, 0}};
    descent::Gradient<double> gradient;
    double loss = 0;
    for (int epoch = 0; epoch < 2000; ++epoch) loss = impl.descend(data, params, 0.5, gradient);
    std::printf("descend x 2000: b = %.4f, w = [%.4f, %.4f], mse %.5f\n", params.b, params.w[0], params.w[1], loss);

    // The same with fit, which also watches for divergence and can stop early.
    descent::FitOptions options;
    options.learning_rate = 0.5;
    options.epochs = 5000;
    options.tolerance = 1e-12;
    const descent::FitResult<double> result = descent::fit(impl, data, descent::Params<double>{0, {0, 0}}, options);
    std::printf("fit: b = %.4f, w = [%.4f, %.4f] after %zu epochs (%s)\n", result.params.b, result.params.w[0],
                result.params.w[1], result.epochs_run, result.message.c_str());

    // The noise is 0.1 over 100000 rows: the fit lands within 0.01 of the true parameters.
    const bool close = std::fabs(result.params.b - 1) < 0.01 && std::fabs(result.params.w[0] - 2) < 0.01 &&
                       std::fabs(result.params.w[1] + 3) < 0.01;
    return close ? 0 : 1;
}
