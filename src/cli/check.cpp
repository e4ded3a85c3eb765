// `descent check`: every implementation x kernel x dtype (f32, f64, bf16, f16) against the long
// double reference, over the sizes where kernels go wrong (n = 0, tails around every lane width,
// odd sizes, misaligned starts, chunk edges, powers of 4), for d = 1, 3 and 10.
#include <algorithm>
#include <cstdio>
#include <map>
#include <optional>
#include <limits>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "commands.hpp"
#include "descent/agreement.hpp"
#include "descent/registry.hpp"
#include "descent/synthetic.hpp"
#include "dtypes.hpp"

namespace descent::cli {

namespace {

struct CheckOptions {
    std::size_t max_n = std::size_t{1} << 24;
    std::string impl;
    std::vector<std::string> dtypes = kDtypes;
};

// n = 0 is checked apart (empty_data_handled): there is no reference value to compare with.
std::vector<std::size_t> sizes_to_check(std::size_t max_n) {
    std::set<std::size_t> sizes{1, 2, 3, 999, 4097, 32767, 32769, 65537, 1000003};
    for (std::size_t lanes : {2, 4, 8, 16, 32, 64, 128})  // vector widths and unrolled steps
        for (std::size_t n : {lanes - 1, lanes, lanes + 1}) sizes.insert(n);
    for (std::size_t n = 4; n <= max_n; n *= 4) sizes.insert(n);
    std::vector<std::size_t> within;
    for (std::size_t n : sizes)
        if (n <= max_n) within.push_back(n);
    return within;
}

// The same data starting one element past the allocation's alignment.
template <class T>
struct MisalignedCopy {
    std::vector<T> x, y;
    DatasetView<T> view;
    explicit MisalignedCopy(const Dataset<T>& data) : x(data.x.size() + 1), y(data.y.size() + 1) {
        std::copy(data.x.begin(), data.x.end(), x.begin() + 1);
        std::copy(data.y.begin(), data.y.end(), y.begin() + 1);
        view = {x.data() + 1, y.data() + 1, data.n(), data.d, data.stride};
    }
};

// On n = 0 the means are undefined: every mean must refuse with std::invalid_argument (never a
// NaN, never a crash); predict must write nothing.
template <class T>
bool empty_data_handled(const Implementation& impl, const KernelCase& kernel) {
    using P = parameter_t<T>;
    const DatasetView<T> empty{nullptr, nullptr, 0, 1, 0};
    KernelOutputs<P> out;
    try {
        kernel.call<T>()(impl, empty, Params<P>{P(1), {P(2)}}, out);
    } catch (const std::invalid_argument&) {
        return kernel.is_mean;
    }
    return !kernel.is_mean && out.predictions.empty();  // a mean over no rows must not be returned
}

// Where the worst error of one implementation x kernel x dtype is kept.
std::string worst_key(const Implementation* impl, Kernel kernel, const char* dtype) {
    return std::string(impl->name()) + " " + std::string(to_string(kernel)) + " " + dtype;
}

struct Worst {
    double error = 0, bound = 1, ratio = -1;
    std::size_t n = 0, d = 0;
};

template <class T>
void check_dtype(const std::vector<const Implementation*>& impls, const CheckOptions& options,
                 std::map<std::string, Worst>& worst) {
    const char* dtype = dtype_name<T>();
    const auto key = [dtype](const Implementation* impl, Kernel kernel) { return worst_key(impl, kernel, dtype); };
    for (const Implementation* impl : impls)
        for (const KernelCase& kernel : kernel_cases())
            if (!empty_data_handled<T>(*impl, kernel))
                worst[key(impl, kernel.kernel)] = {std::numeric_limits<double>::infinity(), error_bound<T>(kernel.kernel, 1),
                                                   std::numeric_limits<double>::infinity(), 0, 1};
    for (std::size_t d : {1, 3, 10}) {
        for (std::size_t n : sizes_to_check(options.max_n)) {
            SyntheticSpec spec;
            spec.n = n;
            spec.w_true = example_true_weights(d);
            spec.seed = 42 + n;
            const Dataset<T> data = synthetic_table<T>(spec);
            std::vector<DatasetView<T>> views{data.view()};
            std::optional<MisalignedCopy<T>> misaligned;
            if (n <= (std::size_t{1} << 16)) views.push_back(misaligned.emplace(data).view);
            for (const Params<parameter_t<T>>& params : agreement_points<parameter_t<T>>(d)) {
                const Reference ref = reference(views[0], params);
                for (const DatasetView<T>& view : views)
                    for (const Implementation* impl : impls)
                        for (const KernelCase& c : kernel_cases()) {
                            const Kernel kernel = c.kernel;
                            const double error = kernel_error(*impl, kernel, view, params, ref);
                            const double bound = error_bound<T>(kernel, d);
                            Worst& w = worst[key(impl, kernel)];
                            if (error / bound > w.ratio) w = {error, bound, error / bound, n, d};
                        }
            }
        }
    }
}

int run_check(const CheckOptions& options) {
    std::vector<const Implementation*> impls;
    if (options.impl.empty())
        impls = supported_implementations();
    else
        impls.push_back(&find_implementation(options.impl));

    std::map<std::string, Worst> worst;
    for (const std::string& dtype : options.dtypes)  // 16-bit data: the reference over the stored values, f32's bound
        with_dtype(dtype, [&](auto value) { check_dtype<decltype(value)>(impls, options, worst); });

    std::printf("%-12s %-18s %-5s %11s %11s %9s %4s %s\n", "impl", "kernel", "dtype", "worst_error", "bound",
                "at_n", "d", "result");
    int failures = 0;
    for (const Implementation* impl : impls)
        for (const std::string& dtype : options.dtypes)
            for (const KernelCase& c : kernel_cases()) {
                const Kernel kernel = c.kernel;
                const Worst& w = worst.at(worst_key(impl, kernel, dtype.c_str()));
                const bool pass = w.error <= w.bound;
                failures += !pass;
                std::printf("%-12s %-18s %-5s %11.3e %11.3e %9zu %4zu %s\n", std::string(impl->name()).c_str(),
                            std::string(to_string(kernel)).c_str(), dtype.c_str(), w.error, w.bound, w.n, w.d,
                            pass ? "pass" : "FAIL");
            }
    std::printf("%s: %d of %zu rows failed (errors are |computed - reference| / scale; see agreement.hpp)\n",
                failures ? "FAIL" : "pass", failures, worst.size());
    return failures ? 1 : 0;
}

}  // namespace

void add_check_command(CLI::App& app) {
    auto options = std::make_shared<CheckOptions>();
    CLI::App* check = app.add_subcommand("check", "Check every implementation against a long double reference");
    check->add_option("--max-n", options->max_n, "Largest n of the sweep")->capture_default_str();
    check->add_option("--impl", options->impl, "Check only this implementation");
    check->add_option("--dtype", options->dtypes, "Element types to check (default: f32 f64 bf16 f16)")
        ->check(CLI::IsMember(kDtypes));
    check->callback([options] {
        drop_repeats(options->dtypes);
        if (const int status = run_check(*options)) std::exit(status);
    });
}

}  // namespace descent::cli
