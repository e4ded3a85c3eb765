#include "descent/synthetic.hpp"

#include <stdexcept>

#include "descent/random.hpp"

namespace descent {

std::vector<double> example_true_weights(std::size_t d) {
    std::vector<double> w;
    for (std::size_t j = 0; j < d; ++j) w.push_back(j == 0 ? 2.0 : (j % 2 ? -1.0 : 1.0) / static_cast<double>(j));
    return w;
}

template <class T>
Dataset<T> make_synthetic(const SyntheticSpec& spec) {
    const std::size_t d = spec.w_true.size();
    if (d == 0) throw std::invalid_argument("synthetic data needs at least one true weight");
    Dataset<T> data;
    data.resize(spec.n, d);
    Random random(spec.seed);
    for (std::size_t i = 0; i < spec.n; ++i) {
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

}  // namespace descent
