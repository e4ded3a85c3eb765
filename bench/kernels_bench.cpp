// Each kernel on its own, per implementation x dtype x n (anchor: Google Benchmark's user
// guide): items are rows, bytes are the bytes the kernel reads. `descent bench` times whole
// epochs; this program separates the kernels and gives Google Benchmark's JSON and
// compare.py. DESCENT_IMPL restricts it to one implementation.
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "descent/agreement.hpp"
#include "descent/registry.hpp"
#include "descent/synthetic.hpp"

namespace {

using namespace descent;

// Inputs are built once per (dtype, n) with a fixed seed and shared by every benchmark.
template <class T>
const Dataset<T>& shared_data(std::size_t n) {
    static std::map<std::size_t, std::unique_ptr<Dataset<T>>> cache;
    auto& slot = cache[n];
    if (!slot) {
        SyntheticSpec spec;
        spec.n = n;
        slot = std::make_unique<Dataset<T>>(make_synthetic<T>(spec));
    }
    return *slot;
}

// Each call goes through the kernel's case (agreement.hpp), its outputs reused: no allocation
// in the timed loop. descend steps from the same parameters every time.
template <class T>
void run_kernel(benchmark::State& state, const Implementation* impl, const KernelCase* kernel) {
    const std::size_t n = static_cast<std::size_t>(state.range(0));
    const DatasetView<T> view = shared_data<T>(n).view();
    const Params<T> params{T(0.5), {T(1.5)}};
    const KernelCall<T> call = kernel->call<T>();
    KernelOutputs<T> out;
    for (auto _ : state) {
        call(*impl, view, params, out);
        benchmark::DoNotOptimize(out);
        benchmark::ClobberMemory();
    }
    const std::size_t bytes_read = (kernel->is_mean ? 2 : 1) * n * sizeof(T);  // x, and y for the means
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * n));
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * bytes_read));
}

void register_all() {
    std::vector<const Implementation*> impls;
    if (std::getenv("DESCENT_IMPL"))
        impls.push_back(&default_implementation());
    else
        impls = supported_implementations();
    for (const Implementation* impl : impls)
        for (const KernelCase& kernel : kernel_cases())
            for (const char* dtype : {"f32", "f64"}) {
                const std::string name = std::string(kernel.name) + "_" + dtype + "_" + std::string(impl->name());
                auto* b = dtype[1] == '3'
                              ? benchmark::RegisterBenchmark(name.c_str(), run_kernel<float>, impl, &kernel)
                              : benchmark::RegisterBenchmark(name.c_str(), run_kernel<double>, impl, &kernel);
                b->RangeMultiplier(4)->Range(1 << 10, 1 << 24);
                if (impl->threaded()) b->UseRealTime();  // the main thread's CPU time misses the workers
            }
}

}  // namespace

int main(int argc, char** argv) {
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
    register_all();
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
