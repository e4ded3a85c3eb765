#include "descent/agreement.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "descent/synthetic.hpp"
#include "kernels/compensated_sum.hpp"
#include "kernels/row_kernels.hpp"
#include "kernels/widened.hpp"

namespace descent {

namespace {

// How each kernel is called. Outputs it does not have stay empty.
template <class T, class P = parameter_t<T>>
void call_predict(const Implementation& impl, const DatasetView<T>& data, const Params<P>& params, KernelOutputs<P>& out) {
    out.predictions.resize(data.n);
    impl.predict(data, params, out.predictions);
}
template <class T, class P = parameter_t<T>>
void call_mse(const Implementation& impl, const DatasetView<T>& data, const Params<P>& params, KernelOutputs<P>& out) {
    out.loss = impl.mse(data, params);
}
template <class T, class P = parameter_t<T>>
void call_gradient(const Implementation& impl, const DatasetView<T>& data, const Params<P>& params, KernelOutputs<P>& out) {
    if (!out.gradient) out.gradient.emplace();
    impl.gradient(data, params, *out.gradient);
}
template <class T, class P = parameter_t<T>>
void call_loss_and_gradient(const Implementation& impl, const DatasetView<T>& data, const Params<P>& params,
                            KernelOutputs<P>& out) {
    if (!out.gradient) out.gradient.emplace();
    out.loss = impl.loss_and_gradient(data, params, *out.gradient);
}
template <class T, class P = parameter_t<T>>
void call_descend(const Implementation& impl, const DatasetView<T>& data, const Params<P>& params, KernelOutputs<P>& out) {
    if (!out.gradient) out.gradient.emplace();
    if (!out.stepped) out.stepped.emplace();
    out.stepped->b = params.b;
    out.stepped->w.assign(params.w.begin(), params.w.end());
    out.loss = impl.descend(data, *out.stepped, kCaseLearningRate, *out.gradient);
}

}  // namespace

std::span<const KernelCase> kernel_cases() {
    static const KernelCase cases[] = {
        {Kernel::predict, "predict", false, &call_predict<float>, &call_predict<double>,
         &call_predict<bf16>, &call_predict<f16>},
        {Kernel::mse, "mse", true, &call_mse<float>, &call_mse<double>,
         &call_mse<bf16>, &call_mse<f16>},
        {Kernel::gradient, "gradient", true, &call_gradient<float>, &call_gradient<double>,
         &call_gradient<bf16>, &call_gradient<f16>},
        {Kernel::loss_and_gradient, "loss_and_gradient", true, &call_loss_and_gradient<float>, &call_loss_and_gradient<double>,
         &call_loss_and_gradient<bf16>, &call_loss_and_gradient<f16>},
        {Kernel::descend, "descend", true, &call_descend<float>, &call_descend<double>,
         &call_descend<bf16>, &call_descend<f16>},
    };
    return cases;
}

const KernelCase& kernel_case(Kernel kernel) {
    for (const KernelCase& c : kernel_cases())
        if (c.kernel == kernel) return c;
    throw std::logic_error("no case for this Kernel value");
}

std::string_view to_string(Kernel kernel) { return kernel_case(kernel).name; }

namespace {

// The unit roundoff of double, in which every kernel computes.
constexpr double kDoubleRoundoff = std::numeric_limits<double>::epsilon() / 2;

struct LongDoubleSum {
    long double sum = 0, error = 0;
    void add(long double x) { detail::two_sum_add(sum, error, x); }
    long double value() const { return sum + error; }
};

// |computed - exact| / scale, with 0 / 0 read as no error.
double normalised(long double computed, long double exact, long double scale) {
    const long double diff = std::fabs(computed - exact);
    if (diff == 0) return 0;
    return scale > 0 ? static_cast<double>(diff / scale) : std::numeric_limits<double>::infinity();
}

}  // namespace

template <class T>
Reference reference(const DatasetView<T>& data, const Params<parameter_t<T>>& params) {
    const std::size_t d = data.d;
    LongDoubleSum squares, squares_scale, errors, errors_scale;
    std::vector<LongDoubleSum> products(d), products_scale(d);
    // The mse scale's second term keeps it positive when the fit is exact (e = 0), where the
    // bound's second-order term (delta e)^2 would otherwise have nothing to be measured
    // against; it adds under 1e-7 of the first term on any data with noise.
    const long double exact_fit_guard = std::sqrt(static_cast<long double>(kDoubleRoundoff));
    Reference ref;
    ref.predictions.resize(data.n);
    ref.prediction_scales.resize(data.n);
    for (std::size_t i = 0; i < data.n; ++i) {
        long double prediction = params.b;
        long double prediction_scale = std::fabs(static_cast<long double>(params.b));
        for (std::size_t j = 0; j < d; ++j) {
            const long double term = static_cast<long double>(params.w[j]) * detail::widened(data.feature(j)[i]);
            prediction += term;
            prediction_scale += std::fabs(term);
        }
        ref.predictions[i] = prediction;
        ref.prediction_scales[i] = prediction_scale;
        const long double y = detail::widened(data.y[i]);
        const long double e = prediction - y;
        const long double magnitude = prediction_scale + std::fabs(y);
        squares.add(e * e);
        squares_scale.add(magnitude * (std::fabs(e) + exact_fit_guard * magnitude));
        errors.add(e);
        errors_scale.add(magnitude);
        for (std::size_t j = 0; j < d; ++j) {
            const long double x = detail::widened(data.feature(j)[i]);
            products[j].add(x * e);
            products_scale[j].add(std::fabs(x) * magnitude);
        }
    }
    const long double n = static_cast<long double>(data.n);
    ref.mse = squares.value() / n;
    ref.mse_scale = squares_scale.value() / n;
    ref.db = 2 * errors.value() / n;
    ref.db_scale = 2 * errors_scale.value() / n;
    for (std::size_t j = 0; j < d; ++j) {
        ref.dw.push_back(2 * products[j].value() / n);
        ref.dw_scale.push_back(2 * products_scale[j].value() / n);
    }
    return ref;
}

template <class T>
double kernel_error(const Implementation& impl, Kernel kernel, const DatasetView<T>& data, const Params<parameter_t<T>>& params,
                    const Reference& ref) {
    using P = parameter_t<T>;
    KernelOutputs<P> out;
    kernel_case(kernel).call<T>()(impl, data, params, out);
    double worst = 0;
    for (std::size_t i = 0; i < out.predictions.size(); ++i)
        worst = std::max(worst, normalised(out.predictions[i], ref.predictions.at(i), ref.prediction_scales.at(i)));
    if (out.loss) worst = std::max(worst, normalised(*out.loss, ref.mse, ref.mse_scale));
    if (out.gradient) {
        worst = std::max(worst, normalised(out.gradient->db, ref.db, ref.db_scale));
        for (std::size_t j = 0; j < data.d; ++j)
            worst = std::max(worst, normalised(out.gradient->dw[j], ref.dw[j], ref.dw_scale[j]));
    }
    if (out.stepped) {
        const long double lr = kCaseLearningRate;
        const auto step_error = [&](P after, P before, long double gradient, long double gradient_scale) {
            return normalised(after, before - lr * gradient, std::fabs(static_cast<long double>(before)) + lr * gradient_scale);
        };
        worst = std::max(worst, step_error(out.stepped->b, params.b, ref.db, ref.db_scale));
        for (std::size_t j = 0; j < data.d; ++j)
            worst = std::max(worst, step_error(out.stepped->w[j], params.w[j], ref.dw[j], ref.dw_scale[j]));
    }
    return worst;
}
// The bound, for every implementation: all keep the contract in row_kernels.hpp.
// gamma_k = k u / (1 - k u) for the unit roundoff u of the arithmetic used.
// Double arithmetic (every kernel but one, below):
//   e = b - y + sum_j w_j x_j: at most 2d + 1 roundings (without FMA), so |de| <= gamma_{2d+1} m,
//     m = |b| + |y| + sum_j |w_j x_j| -- the scale's per-row magnitude.
//   Each sum: the term's own rounding (1), a lane chain of at most kMaxChain (32) additions, the
//     merge of at most 32 lanes and accumulators (5), each lane's sum + error before the
//     horizontal add (1), the TwoSum fold (1), the chunk combine (1) and the final sum + error
//     (1): depth 42, so gamma_42 times the sum of |terms|.
//   Linear sums (e, x_j e) add gamma_{2d+1} from de; the mean is one more rounding:
//     2d + 44. The squares add 2 |e| |de| <= 2 gamma_{2d+1} m |e|: 4d + 45 for the mse
//     (the (de)^2 term is below u^1.5 m^2, covered by the scale's exact-fit guard).
//   Prediction: b + sum_j w_j x_j, 2d roundings without FMA.
// Float arithmetic (the SIMD kernels on float data):
//   d = 1 up to kMaxRegisterFeatures (12; beyond d = 1 under AVX-512 only), the columns in
//     registers: e in float (row_errors_from): b - y, and each pair of columns w_a x_a + w_b x_b,
//     take 2 roundings (an odd last column is fused into b - y: 2 as well), then
//     ceil(log2(1 + floor(d / 2))) levels of pairwise adds: k_e = 2 + that, relative to m (2 for
//     d = 1, 5 for d = 8 to 12). Each float sum: a chain of kFloatChain (8) steps, the merge of the
//     loop's side-by-side accumulators (log2 of 4, 2 or 1: 2, 1 or 0) and the two halves of the
//     vector (1). d = 1 sums its squares in float too, twice de: 2 k_e + 8 + 2 + 1 = 15. For
//     d >= 2 the squares are summed in double from e widened exactly: 2 k_e; the linear sums
//     (e, x_j e) k_e + 9 or 10: at most 14 (d = 8 to 12). The double carry that follows adds the
//     double bound above (d = 0 part).
//   d > 1 in the any-d loop (every d under SSE2 and AVX2, d > 12 under AVX-512): the products
//     w_j x_j of each group of kFloatColumns (4) columns are summed in float
//     (an FMA chain: 4 float roundings, relative to the group's sum of |w_j x_j| <= m), then e
//     is completed in double as above: |de| <= gamma_4 m in float on top of the double bound.
//     The squares add twice that (8). The products x_j e are in float: e rounded to float (1),
//     a chain of kFloatChain (8) steps and the vector's two halves (1): 10 more, 4 + 10 = 14
//     float roundings in all, on top of the double bound (the carry into double is counted
//     there).
// A float result is then rounded once to float: + the float roundoff, relative to a value no
// larger than its scale. The long double reference is ~2^11 times more precise than double.
// descend's step p - lr g is taken from the sums in double, never from the gradient rounded to
// T: lr g carries the gradient's bound B less its storage rounding u_T, times lr scale(g), plus 3
// double roundings (2 lr / n, the sum's value, the product); the subtraction and the store to T
// add (u + u_T)(|p| + lr |g|). Relative to |p| + lr scale(g): (B - u_T) + 4u + u_T = B + 4u.
namespace {
double gamma(double k, double roundoff) { return k * roundoff / (1 - k * roundoff); }
constexpr double kFloatRoundoff = std::numeric_limits<float>::epsilon() / 2;

// The float roundings of the loops with the columns in registers, counted above.
double register_float_roundings(std::size_t d) {
    const double e_depth = 2.0 + std::bit_width(d / 2);
    const double chain = detail::kFloatChain + (std::bit_width(detail::few_features_unroll(d)) - 1.0) + 1;
    return d == 1 ? 2 * e_depth + chain : std::max(2 * e_depth, e_depth + chain);
}
}  // namespace

template <class T>
double error_bound(Kernel kernel, std::size_t d) {
    static_assert(detail::kMaxChain == 32 && detail::kFloatChain == 8 && detail::kFloatColumns == 4,
                  "the bound above counts these chain lengths");
    constexpr bool is_float = std::is_same_v<parameter_t<T>, float>;  // 16-bit data is computed as float data
    const double storage_rounding = is_float ? kFloatRoundoff : 0.0;
    if (kernel == Kernel::predict) return gamma(2.0 * d, kDoubleRoundoff) + storage_rounding;
    const double double_arithmetic = gamma(4.0 * d + 45, kDoubleRoundoff);
    double bound = double_arithmetic;
    if (is_float && d > 1) bound = std::max(bound, gamma(14, kFloatRoundoff) + double_arithmetic);
    if (is_float && d <= detail::kMaxRegisterFeatures)
        bound = std::max(bound, gamma(register_float_roundings(d), kFloatRoundoff) + gamma(45, kDoubleRoundoff));
    bound += storage_rounding;
    if (kernel == Kernel::descend) bound += 4 * kDoubleRoundoff;
    return bound;
}

template <class T>
std::vector<Params<T>> agreement_points(std::size_t d) {
    Params<T> far{T(-3), std::vector<T>(d, T(5))};
    Params<T> at_truth{T(1), {}};
    for (double w : example_true_weights(d)) at_truth.w.push_back(static_cast<T>(w));
    return {far, at_truth};
}

template std::vector<Params<float>> agreement_points(std::size_t);
template std::vector<Params<double>> agreement_points(std::size_t);
template Reference reference(const DatasetView<float>&, const Params<float>&);
template double kernel_error(const Implementation&, Kernel, const DatasetView<float>&, const Params<float>&, const Reference&);
template double error_bound<float>(Kernel, std::size_t);
template Reference reference(const DatasetView<double>&, const Params<double>&);
template double kernel_error(const Implementation&, Kernel, const DatasetView<double>&, const Params<double>&, const Reference&);
template double error_bound<double>(Kernel, std::size_t);
template Reference reference(const DatasetView<bf16>&, const Params<float>&);
template double kernel_error(const Implementation&, Kernel, const DatasetView<bf16>&, const Params<float>&, const Reference&);
template double error_bound<bf16>(Kernel, std::size_t);
template Reference reference(const DatasetView<f16>&, const Params<float>&);
template double kernel_error(const Implementation&, Kernel, const DatasetView<f16>&, const Params<float>&, const Reference&);
template double error_bound<f16>(Kernel, std::size_t);

}  // namespace descent
