// Gradient descent on the mse (anchor: ensmallen's optimizers and callbacks): full batch by
// default, mini-batch or stochastic as the book contrasts them, any implementation's kernels.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <type_traits>
#include <vector>

#include "descent/dataset.hpp"
#include "descent/export.h"
#include "descent/implementation.hpp"

namespace descent {

// How a full-batch epoch gets its loss and gradient: a fused pass over the rows, or from the
// data's sufficient statistics, collected in one pass before the first epoch, after which an
// epoch costs O(d^2) whatever n (sufficient_statistics.hpp; the agreement of the two: docs/
// accuracy.md). Statistics are for full batch only: a mini-batch sees other rows each update.
enum class FitMethod { pass_per_epoch, sufficient_statistics };
DESCENT_API std::string to_string(FitMethod method);

struct FitOptions {
    FitMethod method = FitMethod::pass_per_epoch;
    double learning_rate = 0.1;
    std::size_t epochs = 1000;
    // Stop once the training loss changes by less than this between two epochs (off if unset:
    // the book runs a fixed number of epochs).
    std::optional<double> tolerance;
    // Rows per update: 0 (or >= n) is full batch, 1 is stochastic; batches are reshuffled each
    // epoch with `seed`.
    std::size_t batch_size = 0;
    std::uint64_t seed = 42;
    // Epochs of uninterrupted loss growth that count as divergence.
    std::size_t divergence_patience = 10;
};

struct EpochLosses {
    std::size_t epoch;                      // 1-based
    double train_loss;                      // mean of the epoch's batch losses, before each update
    std::optional<double> validation_loss;  // after the epoch's updates; none without validation data
};

template <class T>
struct EpochReport {
    const EpochLosses& losses;
    const Params<T>& params;  // after the epoch's updates
};

// Called after every epoch; returning false stops the run.
template <class T>
using EpochCallback = std::function<bool(const EpochReport<T>&)>;

enum class StopReason { epochs_done, tolerance_reached, callback, diverged };
DESCENT_API std::string to_string(StopReason reason);

template <class T>
struct FitResult {
    Params<T> params;
    std::vector<EpochLosses> history;
    std::size_t epochs_run = 0;
    StopReason stop_reason = StopReason::epochs_done;
    std::string message;  // what happened, in a sentence (for divergence: the stable bound)
};

// Trains from `initial`; the validation loss is recorded when `validation` has rows. Data of
// any element type: 16-bit tables (bf16, f16) train float parameters (parameter_t). Throws
// std::invalid_argument for an empty training set, parameters of the wrong size, a learning
// rate that is not positive and finite, data that is not finite (naming the row), or the
// statistics method with mini-batches.
template <class T>
DESCENT_API FitResult<parameter_t<T>> fit(const Implementation& impl, const DatasetView<T>& train,
                                          const DatasetView<std::type_identity_t<T>>& validation,
                                          std::type_identity_t<Params<parameter_t<T>>> initial, const FitOptions& options,
                                          std::span<const EpochCallback<parameter_t<T>>> callbacks = {});

// The same without validation data.
template <class T>
FitResult<parameter_t<T>> fit(const Implementation& impl, const DatasetView<T>& train,
                              std::type_identity_t<Params<parameter_t<T>>> initial, const FitOptions& options,
                              std::span<const EpochCallback<parameter_t<T>>> callbacks = {}) {
    return fit(impl, train, DatasetView<T>{}, std::move(initial), options, callbacks);
}

// What fit's loop asks of the data, for trainers whose epochs run elsewhere (descent::mpi runs
// them over the ranks of a communicator): the loop, its stopping rules and its messages are then
// the same as fit's. fit itself runs its epochs through one of these.
template <class T>
class EpochSource {
public:
    virtual ~EpochSource() = default;
    // Rows trained on, and features.
    virtual std::size_t rows() const = 0;
    virtual std::size_t features() const = 0;
    // One epoch of updates from `params` (epoch is 1-based); returns the mean of the losses the
    // batches saw before their update.
    virtual double run(Params<T>& params, std::size_t epoch) = 0;
    // The validation loss at `params`, none without validation data.
    virtual std::optional<double> validation_loss(const Params<T>& params) = 0;
    // 2 / the Hessian's largest eigenvalue on the training rows, for the divergence message.
    virtual double max_stable_learning_rate() = 0;
};

// The loop alone: epochs from `source` until one of options' stopping rules or a callback ends
// it. Throws std::invalid_argument for parameters of the wrong size or a learning rate that is
// not positive and finite.
template <class T>
DESCENT_API FitResult<T> fit(EpochSource<T>& source, std::type_identity_t<Params<T>> initial, const FitOptions& options,
                             std::span<const EpochCallback<std::type_identity_t<T>>> callbacks = {});

// One gradient-descent step from a gradient already computed: b -= lr db, w_j -= lr dw_j
// (in double, stored as T). Implementation::descend does both in one call.
template <class T>
DESCENT_API void gradient_step(Params<T>& params, const Gradient<T>& gradient, double learning_rate);

// Ready-made callbacks.
// Prints "epoch K: train L [val V]" every `every` epochs to stderr.
template <class T>
DESCENT_API EpochCallback<T> progress_printer(std::size_t every);
// Stops when the validation loss has not improved by min_delta for `patience` epochs.
template <class T>
DESCENT_API EpochCallback<T> early_stop_on_validation(std::size_t patience, double min_delta = 0);

// b and w drawn from a standard normal with the seed (the book's np.random.randn).
template <class T>
DESCENT_API Params<T> random_params(std::size_t d, std::uint64_t seed);

}  // namespace descent
