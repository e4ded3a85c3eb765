// fit over the ranks of a communicator: fit's own loop (fit.hpp's EpochSource) with epochs whose
// sums are added in global chunk order, so every rank takes one process's steps.
#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

#include "descent/least_squares.hpp"
#include "descent/mpi.hpp"
#include "descent/split.hpp"
#include "descent/threads.hpp"
#include "rank_order.hpp"

namespace descent::mpi {

namespace {

// fit's check_finite on the whole table: the first value that is not finite in fit's order
// (feature by feature, then the target) over all ranks, named by its global row.
template <class T>
void check_finite(const DistributedView<T>& data, const char* which) {
    const DatasetView<T>& rows = data.local;
    const unsigned long long none = std::numeric_limits<unsigned long long>::max();
    unsigned long long first = none;  // column * global_rows + global row
    for (std::size_t j = 0; j <= rows.d && first == none; ++j) {
        const T* column = j < rows.d ? rows.feature(j) : rows.y;
        for (std::size_t i = 0; i < rows.n; ++i)
            if (!std::isfinite(column[i])) {
                first = j * data.global_rows + data.first_row + i;
                break;
            }
    }
    MPI_Allreduce(MPI_IN_PLACE, &first, 1, MPI_UNSIGNED_LONG_LONG, MPI_MIN, data.comm);
    if (first == none) return;
    const std::size_t column = first / data.global_rows, row = first % data.global_rows + 1;
    throw std::invalid_argument(std::string(which) + " data: " +
                                (column < rows.d ? "feature " + std::to_string(column + 1) + " of row " + std::to_string(row)
                                                 : "the target of row " + std::to_string(row)) +
                                " is not finite");
}

template <class T>
class DistributedEpochs final : public EpochSource<T> {
public:
    DistributedEpochs(const Implementation& impl, const DistributedView<T>& train, const DistributedView<T>& validation,
                      const FitOptions& options)
        : impl_(impl), train_(train), validation_(validation), options_(options) {
        batch_size_ = options.batch_size == 0 || options.batch_size >= train.global_rows ? train.global_rows : options.batch_size;
    }

    std::size_t rows() const override { return train_.global_rows; }
    std::size_t features() const override { return train_.local.d; }

    double run(Params<T>& params, std::size_t epoch) override {
        if (batch_size_ == train_.global_rows)
            return descend(impl_, train_, params, options_.learning_rate, gradient_);
        // The single-process fit's batches: the same order from the seed and epoch on every rank.
        const std::vector<std::size_t> order = shuffled_indices(train_.global_rows, options_.seed + epoch);
        double weighted_loss = 0;
        for (std::size_t begin = 0; begin < train_.global_rows; begin += batch_size_) {
            const std::size_t rows = std::min(batch_size_, train_.global_rows - begin);
            weighted_loss += rows * static_cast<double>(descend_batch(std::span(order).subspan(begin, rows), params));
        }
        return weighted_loss / static_cast<double>(train_.global_rows);
    }

    std::optional<double> validation_loss(const Params<T>& params) override {
        if (validation_.global_rows == 0) return std::nullopt;
        return pass_sums(impl_, validation_, params).template mse<T>(validation_.global_rows);
    }

    double max_stable_learning_rate() override { return mpi::max_stable_learning_rate(train_); }

private:
    std::size_t holder_of(std::size_t global_row) const { return detail::rank_holding(train_.rank_first_rows, global_row); }

    // One update on the batch of these global rows. The batch's chunk k is computed on rank
    // k mod K: every rank sends it the chunk's rows it holds, in batch order, as rows of d + 1
    // values; the chunks' sums then go to every rank, to be added in chunk order.
    T descend_batch(std::span<const std::size_t> batch, Params<T>& params) {
        const std::size_t ranks = static_cast<std::size_t>(detail::size_of(train_.comm)), me = static_cast<std::size_t>(detail::rank_of(train_.comm));
        const std::size_t d = train_.local.d, width = d + 1, chunks = chunk_count(batch.size());
        const auto owner = [&](std::size_t position) { return position / kChunkRows % ranks; };
        std::vector<int> send_counts(ranks, 0), receive_counts(ranks, 0);
        for (std::size_t i = 0; i < batch.size(); ++i) {
            const std::size_t holder = holder_of(batch[i]), computer = owner(i);
            if (holder == me) send_counts[computer] += static_cast<int>(width);
            if (computer == me) receive_counts[holder] += static_cast<int>(width);
        }
        std::vector<int> send_offsets(ranks, 0), receive_offsets(ranks, 0);
        for (std::size_t r = 1; r < ranks; ++r) {
            send_offsets[r] = send_offsets[r - 1] + send_counts[r - 1];
            receive_offsets[r] = receive_offsets[r - 1] + receive_counts[r - 1];
        }
        send_.resize(static_cast<std::size_t>(send_offsets.back() + send_counts.back()));
        receive_.resize(static_cast<std::size_t>(receive_offsets.back() + receive_counts.back()));
        std::vector<int> cursor = send_offsets;
        for (std::size_t i = 0; i < batch.size(); ++i) {
            if (holder_of(batch[i]) != me) continue;
            const std::size_t row = batch[i] - train_.first_row;
            T* to = send_.data() + cursor[owner(i)];
            for (std::size_t j = 0; j < d; ++j) to[j] = train_.local.feature(j)[row];
            to[d] = train_.local.y[row];
            cursor[owner(i)] += static_cast<int>(width);
        }
        const MPI_Datatype type = detail::mpi_type<T>();
        MPI_Alltoallv(send_.data(), send_counts.data(), send_offsets.data(), type, receive_.data(), receive_counts.data(),
                      receive_offsets.data(), type, train_.comm);

        // This rank's chunks, laid out as columns, and their sums.
        std::vector<double> own_sums;
        cursor = receive_offsets;
        for (std::size_t k = me; k < chunks; k += ranks) {
            const std::size_t begin = k * kChunkRows, end = std::min(batch.size(), begin + kChunkRows);
            chunk_.resize(end - begin, d);
            for (std::size_t i = begin; i < end; ++i) {
                const std::size_t holder = holder_of(batch[i]);
                const T* from = receive_.data() + cursor[holder];
                for (std::size_t j = 0; j < d; ++j) chunk_.column(j)[i - begin] = from[j];
                chunk_.y[i - begin] = from[d];
                cursor[holder] += static_cast<int>(width);
            }
            impl_.pass_sums(chunk_.view(), params, sums_);
            for (const CompensatedSum& s : sums_.values()) own_sums.insert(own_sums.end(), {s.sum, s.error});
        }
        const int per_chunk = static_cast<int>(2 * (d + 2));
        std::vector<int> counts(ranks), offsets(ranks);
        for (std::size_t r = 0; r < ranks; ++r) {
            counts[r] = static_cast<int>((chunks + ranks - 1 - r) / ranks) * per_chunk;  // chunks r, r + K, ...
            offsets[r] = r == 0 ? 0 : offsets[r - 1] + counts[r - 1];
        }
        std::vector<double> all_sums(static_cast<std::size_t>(offsets.back() + counts.back()));
        MPI_Allgatherv(own_sums.data(), static_cast<int>(own_sums.size()), MPI_DOUBLE, all_sums.data(), counts.data(),
                       offsets.data(), MPI_DOUBLE, train_.comm);
        PassSums total(d), chunk_sums(d);
        for (std::size_t k = 0; k < chunks; ++k) {
            const double* from = all_sums.data() + offsets[k % ranks] + (k / ranks) * per_chunk;
            for (std::size_t s = 0; s < d + 2; ++s) chunk_sums.values()[s] = {from[2 * s], from[2 * s + 1]};
            if (chunks == 1)
                total = chunk_sums;  // as simd_omp takes one chunk's sums
            else
                total.add(chunk_sums);
        }
        return total.template descend<T>(batch.size(), params, options_.learning_rate, gradient_);
    }

    const Implementation& impl_;
    const DistributedView<T>& train_;
    const DistributedView<T>& validation_;
    const FitOptions& options_;
    std::size_t batch_size_;
    Gradient<T> gradient_;
    std::vector<T> send_, receive_;
    Dataset<T> chunk_;
    PassSums sums_;
};

}  // namespace

template <class T>
FitResult<T> fit(const Implementation& impl, const DistributedView<T>& train,
                 const DistributedView<std::type_identity_t<T>>& validation, std::type_identity_t<Params<T>> initial,
                 const FitOptions& options, std::span<const EpochCallback<std::type_identity_t<T>>> callbacks) {
    if (train.global_rows == 0) throw std::invalid_argument("cannot train on an empty training set");
    detail::require_whole_chunks(train);
    detail::require_whole_chunks(validation);
    if (options.method != FitMethod::pass_per_epoch)
        throw std::invalid_argument("the sufficient-statistics method is not distributed yet: use the pass-per-epoch method");
    if (validation.global_rows > 0 && validation.local.d != train.local.d)
        throw std::invalid_argument("the validation data has d = " + std::to_string(validation.local.d) +
                                    " features, the training data d = " + std::to_string(train.local.d));
    check_learning_rate(options.learning_rate);
    if (initial.w.size() == train.local.d) {  // fit's loop refuses the wrong size itself, before any epoch
        check_finite(train, "training");
        if (validation.global_rows > 0) check_finite(validation, "validation");
    }
    DistributedEpochs<T> epochs(impl, train, validation, options);
    return descent::fit(epochs, std::move(initial), options, callbacks);
}

template FitResult<float> fit(const Implementation&, const DistributedView<float>&, const DistributedView<float>&,
                              Params<float>, const FitOptions&, std::span<const EpochCallback<float>>);
template FitResult<double> fit(const Implementation&, const DistributedView<double>&, const DistributedView<double>&,
                               Params<double>, const FitOptions&, std::span<const EpochCallback<double>>);

}  // namespace descent::mpi
