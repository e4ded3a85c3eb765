// `descent surface`: the mse over a grid of (b, w) around the closed-form optimum, as CSV.
#include <iostream>
#include <string>

#include "atomic_file.hpp"
#include "commands.hpp"
#include "descent/memory.hpp"
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

// A million points a side is 10^12 rows of CSV: the grid is bounded, and the surface's
// doubles are checked against the memory there is.
constexpr std::size_t largest_grid = 10001;

void print_surface(std::ostream& out, const LossSurface& surface) {
    out << "b,w,mse\n";
    out.precision(17);
    for (std::size_t i = 0; i < surface.b.size(); ++i)
        for (std::size_t k = 0; k < surface.w.size(); ++k)
            out << surface.b[i] << "," << surface.w[k] << "," << surface.mse[i * surface.w.size() + k] << "\n";
}

void run_surface(const SurfaceOptions& o) {
    if (o.grid < 2 || o.grid > largest_grid)
        throw std::invalid_argument("--grid " + std::to_string(o.grid) + ": the grid takes 2 to " + std::to_string(largest_grid) +
                                    " points a side");
    require_memory(table_bytes(o.grid, o.grid + 2, sizeof(double)), "the loss surface",
                   std::to_string(o.grid) + " x " + std::to_string(o.grid) + " points x 8 bytes");
    const Implementation& impl = o.impl.empty() ? default_implementation() : find_implementation(o.impl);
    const Dataset<double> all = make_synthetic<double>({o.n, 1.0, {2.0}, 0.1, o.seed});
    const Split<double> split = shuffled_split(all.view(), o.val_fraction, o.seed);
    const LeastSquaresFit optimum = ordinary_least_squares(split.train.view());
    const LossSurface surface =
        loss_surface(impl, split.train.view(), optimum.b, optimum.w[0], o.half_width, o.grid);
    if (o.out.empty()) return print_surface(std::cout, surface);
    AtomicFile out(o.out);
    print_surface(out.stream(), surface);
    out.commit();
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
