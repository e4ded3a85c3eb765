// `descent surface`: the mse over a grid of (b, w) around the closed-form optimum, as CSV.
#include <cstdio>
#include <fstream>
#include <string>

#include "commands.hpp"
#include "descent/least_squares.hpp"
#include "descent/registry.hpp"
#include "descent/split.hpp"
#include "descent/surface.hpp"
#include "descent/synthetic.hpp"

namespace descent::cli {

namespace {

struct SurfaceOptions {
    std::size_t n = 100;
    std::uint64_t seed = 42;
    double val_fraction = 0.2;
    double half_width = 3;
    std::size_t grid = 101;
    std::string impl, out;
};

void run_surface(const SurfaceOptions& o) {
    const Implementation& impl = o.impl.empty() ? default_implementation() : find_implementation(o.impl);
    const Dataset<double> all = make_synthetic<double>({o.n, 1.0, {2.0}, 0.1, o.seed});
    const Split<double> split = shuffled_split(all.view(), o.val_fraction, o.seed);
    const LeastSquaresFit optimum = ordinary_least_squares(split.train.view());
    const LossSurface surface =
        loss_surface(impl, split.train.view(), optimum.b, optimum.w[0], o.half_width, o.grid);
    std::FILE* out = o.out.empty() ? stdout : std::fopen(o.out.c_str(), "w");
    if (!out) throw std::runtime_error("cannot write " + o.out);
    std::fprintf(out, "b,w,mse\n");
    for (std::size_t i = 0; i < surface.b.size(); ++i)
        for (std::size_t k = 0; k < surface.w.size(); ++k)
            std::fprintf(out, "%.17g,%.17g,%.17g\n", surface.b[i], surface.w[k], surface.mse[i * surface.w.size() + k]);
    if (out != stdout) std::fclose(out);
}

}  // namespace

void add_surface_command(CLI::App& app) {
    auto o = std::make_shared<SurfaceOptions>();
    CLI::App* surface = app.add_subcommand("surface", "The mse over a grid of (b, w) around the optimum, as CSV");
    surface->add_option("--n", o->n, "Rows of synthetic data")->capture_default_str()->check(at_least_one);
    surface->add_option("--seed", o->seed, "Seed of the data and the split")->capture_default_str();
    surface->add_option("--val-fraction", o->val_fraction, "Rows held out (the surface is over the training rows)")
        ->capture_default_str();
    surface->add_option("--half-width", o->half_width, "The grid spans optimum +- this in b and w")->capture_default_str();
    surface->add_option("--grid", o->grid, "Points a side")->capture_default_str();
    surface->add_option("--impl", o->impl, "Implementation (default: DESCENT_IMPL or auto)");
    surface->add_option("--out", o->out, "CSV file (default: standard output)");
    surface->callback([o] { run_surface(*o); });
}

}  // namespace descent::cli
