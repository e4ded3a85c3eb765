#include "descent/fit.hpp"

#include <cmath>
#include <cstdio>
#include <limits>
#include <memory>
#include <sstream>
#include <stdexcept>

#include "descent/least_squares.hpp"
#include "descent/random.hpp"
#include "descent/split.hpp"
#include "kernels/widened.hpp"

namespace descent {

template <class T>
void gradient_step(Params<T>& params, const Gradient<T>& gradient, double learning_rate) {
    params.b = static_cast<T>(params.b - learning_rate * gradient.db);
    for (std::size_t j = 0; j < params.w.size(); ++j)
        params.w[j] = static_cast<T>(params.w[j] - learning_rate * gradient.dw[j]);
}

template void gradient_step(Params<float>&, const Gradient<float>&, double);
template void gradient_step(Params<double>&, const Gradient<double>&, double);

std::string to_string(FitMethod method) {
    switch (method) {
        case FitMethod::pass_per_epoch: return "pass_per_epoch";
        case FitMethod::sufficient_statistics: return "sufficient_statistics";
    }
    throw std::logic_error("unknown FitMethod");
}

std::string to_string(StopReason reason) {
    switch (reason) {
        case StopReason::epochs_done: return "epochs_done";
        case StopReason::tolerance_reached: return "tolerance_reached";
        case StopReason::callback: return "callback";
        case StopReason::diverged: return "diverged";
    }
    throw std::logic_error("unknown StopReason");
}

namespace {

template <class T>
void check_finite(const DatasetView<T>& data, const char* which) {
    for (std::size_t j = 0; j < data.d; ++j)
        for (std::size_t i = 0; i < data.n; ++i)
            if (!std::isfinite(detail::widened(data.feature(j)[i])))
                throw std::invalid_argument(std::string(which) + " data: feature " + std::to_string(j + 1) + " of row " +
                                            std::to_string(i + 1) + " is not finite");
    for (std::size_t i = 0; i < data.n; ++i)
        if (!std::isfinite(detail::widened(data.y[i])))
            throw std::invalid_argument(std::string(which) + " data: the target of row " + std::to_string(i + 1) +
                                        " is not finite");
}

// What every fit refuses before its first epoch: weights for other features, a bad rate.
void check_start(std::size_t weights, std::size_t features, const FitOptions& options) {
    if (weights != features)
        throw std::invalid_argument("the initial parameters have " + std::to_string(weights) + " weights for d = " +
                                    std::to_string(features) + " features");
    check_learning_rate(options.learning_rate);
}

std::string format(double value) {
    std::ostringstream out;
    out.precision(6);
    out << value;
    return out.str();
}

// One epoch of updates; returns the mean of the losses the batches saw before their update.
// The validation loss after them too, from the same method. T is the data's element type, P
// the parameters'.
template <class T, class P = parameter_t<T>>
class EpochRunner final : public EpochSource<P> {
public:
    EpochRunner(const Implementation& impl, const DatasetView<T>& train, const DatasetView<T>& validation,
                const FitOptions& options)
        : impl_(impl), train_(train), validation_(validation), options_(options) {
        batch_size_ = options.batch_size == 0 || options.batch_size >= train.n ? train.n : options.batch_size;
        if (options.method == FitMethod::sufficient_statistics) {
            if (batch_size_ != train.n)
                throw std::invalid_argument("the sufficient-statistics method is for full batch: batch size " +
                                            std::to_string(options.batch_size) + " asks for an update every " +
                                            std::to_string(options.batch_size) + " of the " + std::to_string(train.n) +
                                            " rows; use the pass-per-epoch method");
            train_statistics_ = impl.statistics(train);
            if (validation.n > 0) validation_statistics_ = impl.statistics(validation);
            // The statistics hold every value and its square: a value that is not finite shows
            // in them, and only then are the rows searched for it.
            const bool train_finite = train_statistics_->finite();
            const bool validation_finite = !validation_statistics_ || validation_statistics_->finite();
            if (!train_finite) check_finite(train, "training");
            if (!validation_finite) check_finite(validation, "validation");
            if (!train_finite || !validation_finite)
                throw std::invalid_argument("the data's sums of squares overflow double: scale the features (--standardize)");
        }
    }

    std::size_t rows() const override { return train_.n; }
    std::size_t features() const override { return train_.d; }

    double run(Params<P>& params, std::size_t epoch) override {
        if (train_statistics_)
            return train_statistics_->pass_sums(params).descend(train_.n, params, options_.learning_rate, gradient_);
        if (batch_size_ == train_.n) {  // full batch: the data as it is, one fused pass
            return impl_.descend(train_, params, options_.learning_rate, gradient_);
        }
        reshuffle(epoch);
        double weighted_loss = 0;
        for (std::size_t begin = 0; begin < train_.n; begin += batch_size_) {
            const std::size_t rows = std::min(batch_size_, train_.n - begin);
            gather_rows(train_, std::span<const std::size_t>(order_).subspan(begin, rows), batch_);
            weighted_loss += rows * static_cast<double>(impl_.descend(batch_.view(), params, options_.learning_rate, gradient_));
        }
        return weighted_loss / static_cast<double>(train_.n);
    }

    std::optional<double> validation_loss(const Params<P>& params) override {
        if (validation_.n == 0) return std::nullopt;
        if (validation_statistics_) return validation_statistics_->pass_sums(params).template mse<P>(validation_.n);
        return impl_.mse(validation_, params);
    }

    double max_stable_learning_rate() override { return descent::max_stable_learning_rate(train_); }

private:
    // Each epoch's order depends only on the seed and the epoch number.
    void reshuffle(std::size_t epoch) { order_ = shuffled_indices(train_.n, options_.seed + epoch); }

    const Implementation& impl_;
    const DatasetView<T>& train_;
    const DatasetView<T>& validation_;
    const FitOptions& options_;
    std::optional<SufficientStatistics> train_statistics_, validation_statistics_;
    std::size_t batch_size_;
    std::vector<std::size_t> order_;
    Dataset<T> batch_;
    Gradient<P> gradient_;
};

}  // namespace

template <class T>
FitResult<T> fit(EpochSource<T>& source, std::type_identity_t<Params<T>> initial, const FitOptions& options,
                 std::span<const EpochCallback<std::type_identity_t<T>>> callbacks) {
    check_start(initial.w.size(), source.features(), options);
    FitResult<T> result{std::move(initial), {}, 0, StopReason::epochs_done, ""};
    std::size_t growing_epochs = 0;
    for (std::size_t epoch = 1; epoch <= options.epochs; ++epoch) {
        const double previous = result.history.empty() ? std::numeric_limits<double>::infinity() : result.history.back().train_loss;
        EpochLosses losses{epoch, source.run(result.params, epoch), std::nullopt};
        losses.validation_loss = source.validation_loss(result.params);
        result.history.push_back(losses);
        result.epochs_run = epoch;

        growing_epochs = losses.train_loss > previous ? growing_epochs + 1 : 0;
        if (!std::isfinite(losses.train_loss) || growing_epochs >= options.divergence_patience) {
            result.stop_reason = StopReason::diverged;
            result.message = "diverged at epoch " + std::to_string(epoch) + ": the loss " +
                             (std::isfinite(losses.train_loss) ? "grew for " + std::to_string(growing_epochs) + " epochs"
                                                               : std::string("became ") + format(losses.train_loss)) +
                             " with learning rate " + format(options.learning_rate) +
                             "; the largest stable learning rate for this data is " +
                             format(source.max_stable_learning_rate()) + " (2 / largest eigenvalue of the Hessian)";
            return result;
        }
        bool keep_going = true;
        for (const EpochCallback<T>& callback : callbacks) keep_going = callback({result.history.back(), result.params}) && keep_going;
        if (!keep_going) {
            result.stop_reason = StopReason::callback;
            result.message = "stopped by a callback after epoch " + std::to_string(epoch);
            return result;
        }
        if (options.tolerance && std::fabs(previous - losses.train_loss) < *options.tolerance) {
            result.stop_reason = StopReason::tolerance_reached;
            result.message = "the training loss changed by less than " + format(*options.tolerance) + " at epoch " +
                             std::to_string(epoch);
            return result;
        }
    }
    result.message = "ran all " + std::to_string(options.epochs) + " epochs";
    return result;
}

template <class T>
FitResult<parameter_t<T>> fit(const Implementation& impl, const DatasetView<T>& train,
                              const DatasetView<std::type_identity_t<T>>& validation,
                              std::type_identity_t<Params<parameter_t<T>>> initial, const FitOptions& options,
                              std::span<const EpochCallback<parameter_t<T>>> callbacks) {
    if (train.n == 0) throw std::invalid_argument("cannot train on an empty training set");
    check_start(initial.w.size(), train.d, options);
    if (options.method == FitMethod::pass_per_epoch) {  // the statistics check their own values (EpochRunner)
        check_finite(train, "training");
        check_finite(validation, "validation");
    }
    EpochRunner<T> runner(impl, train, validation, options);
    return fit(runner, std::move(initial), options, callbacks);
}

template <class T>
EpochCallback<T> progress_printer(std::size_t every) {
    return [every](const EpochReport<T>& report) {
        if (every && report.losses.epoch % every == 0) {
            std::fprintf(stderr, "epoch %zu: train %.6g", report.losses.epoch, report.losses.train_loss);
            if (report.losses.validation_loss) std::fprintf(stderr, " val %.6g", *report.losses.validation_loss);
            std::fprintf(stderr, "\n");
        }
        return true;
    };
}

template <class T>
EpochCallback<T> early_stop_on_validation(std::size_t patience, double min_delta) {
    auto best = std::make_shared<double>(std::numeric_limits<double>::infinity());
    auto waited = std::make_shared<std::size_t>(0);
    return [=](const EpochReport<T>& report) {
        if (!report.losses.validation_loss) return true;
        if (*report.losses.validation_loss < *best - min_delta) {
            *best = *report.losses.validation_loss;
            *waited = 0;
            return true;
        }
        return ++*waited < patience;
    };
}

template <class T>
Params<T> random_params(std::size_t d, std::uint64_t seed) {
    Random random(seed);
    Params<T> params{static_cast<T>(random.normal()), {}};
    for (std::size_t j = 0; j < d; ++j) params.w.push_back(static_cast<T>(random.normal()));
    return params;
}

template FitResult<float> fit(EpochSource<float>&, Params<float>, const FitOptions&, std::span<const EpochCallback<float>>);
template FitResult<double> fit(EpochSource<double>&, Params<double>, const FitOptions&, std::span<const EpochCallback<double>>);
template FitResult<float> fit(const Implementation&, const DatasetView<float>&, const DatasetView<float>&, Params<float>,
                              const FitOptions&, std::span<const EpochCallback<float>>);
template FitResult<double> fit(const Implementation&, const DatasetView<double>&, const DatasetView<double>&,
                               Params<double>, const FitOptions&, std::span<const EpochCallback<double>>);
template FitResult<float> fit(const Implementation&, const DatasetView<bf16>&, const DatasetView<bf16>&, Params<float>,
                              const FitOptions&, std::span<const EpochCallback<float>>);
template FitResult<float> fit(const Implementation&, const DatasetView<f16>&, const DatasetView<f16>&, Params<float>,
                              const FitOptions&, std::span<const EpochCallback<float>>);
template EpochCallback<float> progress_printer(std::size_t);
template EpochCallback<double> progress_printer(std::size_t);
template EpochCallback<float> early_stop_on_validation(std::size_t, double);
template EpochCallback<double> early_stop_on_validation(std::size_t, double);
template Params<float> random_params(std::size_t, std::uint64_t);
template Params<double> random_params(std::size_t, std::uint64_t);

}  // namespace descent
