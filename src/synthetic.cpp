#include "descent/synthetic.hpp"

#include <stdexcept>
#include <string>

#include "descent/random.hpp"

namespace descent {

std::vector<double> example_true_weights(std::size_t d) {
    std::vector<double> w;
    for (std::size_t j = 0; j < d; ++j) w.push_back(j == 0 ? 2.0 : (j % 2 ? -1.0 : 1.0) / static_cast<double>(j));
    return w;
}

template <class T>
Dataset<T> make_synthetic(const SyntheticSpec& spec) {
    return make_synthetic_rows<T>(spec, 0, spec.n);
}

template <class T>
Dataset<T> make_synthetic_rows(const SyntheticSpec& spec, std::size_t begin, std::size_t end) {
    const std::size_t d = spec.w_true.size();
    if (d == 0) throw std::invalid_argument("synthetic data needs at least one true weight");
    if (begin > end || end > spec.n)
        throw std::invalid_argument("rows " + std::to_string(begin) + " to " + std::to_string(end) + " are not rows of " +
                                    std::to_string(spec.n));
    Dataset<T> data;
    data.resize(end - begin, d);
    Random random(spec.seed);
    random.discard(static_cast<std::uint64_t>(begin) * (d + 2));  // d uniforms and a normal's two a row
    for (std::size_t i = 0; i < end - begin; ++i) {
        double y = spec.b_true;
        for (std::size_t j = 0; j < d; ++j) {
            const double x = random.uniform();
            data.column(j)[i] = static_cast<T>(x);
            y += spec.w_true[j] * x;
        }
        data.y[i] = static_cast<T>(y + spec.noise * random.normal());
    }
    return data;
}

template Dataset<float> make_synthetic(const SyntheticSpec&);
template Dataset<double> make_synthetic(const SyntheticSpec&);
template Dataset<float> make_synthetic_rows(const SyntheticSpec&, std::size_t, std::size_t);
template Dataset<double> make_synthetic_rows(const SyntheticSpec&, std::size_t, std::size_t);

}  // namespace descent
