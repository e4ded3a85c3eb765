// What `descent train` prints: the summary, the JSON object, the sweep's table, the path.
#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "atomic_file.hpp"
#include "descent/memory.hpp"
#include "train.hpp"

namespace descent::cli {

namespace {

double largest_difference(const Params<double>& p, const LeastSquaresFit& ols) {
    double diff = std::fabs(p.b - ols.b);
    for (std::size_t j = 0; j < p.w.size(); ++j) diff = std::max(diff, std::fabs(p.w[j] - ols.w[j]));
    return diff;
}

std::string join(const std::vector<double>& values) {
    std::string text;
    for (double v : values) text += (text.empty() ? "" : ", ") + std::to_string(v);
    return text;
}

nlohmann::json to_json(const TrainReport& r, std::size_t history_every) {
    const auto& h = r.result.history;
    nlohmann::json history = nlohmann::json::array();
    for (std::size_t i = 0; i < h.size(); ++i)
        if ((i + 1) % history_every == 0 || i + 1 == h.size())
            history.push_back({{"epoch", h[i].epoch},
                               {"train_loss", h[i].train_loss},
                               {"val_loss", h[i].validation_loss ? nlohmann::json(*h[i].validation_loss) : nlohmann::json()}});
    nlohmann::json out{{"impl", r.impl},
                       {"impl_used", r.impl_used},
                       {"dtype", r.dtype},
                       {"method", r.method},
                       {"n_train", r.n_train},
                       {"n_val", r.n_val},
                       {"epochs_run", r.result.epochs_run},
                       {"stop_reason", to_string(r.result.stop_reason)},
                       {"message", r.result.message},
                       {"b", r.result.params.b},
                       {"w", r.result.params.w},
                       {"train_loss", h.empty() ? nlohmann::json() : nlohmann::json(h.back().train_loss)},
                       {"val_loss", h.empty() || !h.back().validation_loss ? nlohmann::json() : nlohmann::json(*h.back().validation_loss)},
                       {"ols_b", r.ols.b},
                       {"ols_w", r.ols.w},
                       {"ols_train_loss", r.ols_train_loss},
                       {"lr", r.learning_rate},
                       {"max_stable_lr", r.max_stable_lr},
                       {"seconds", r.seconds},
                       {"source", r.source.name},
                       {"load_seconds", r.source.load_seconds},
                       {"rows_dropped", r.source.rows_dropped},
                       {"history", history}};
    if (r.original) {
        out["b_original"] = r.original->b;
        out["w_original"] = r.original->w;
    }
    if (r.ranks) out["ranks"] = *r.ranks;
    return out;
}

// To standard output, or to the file --json names (written whole or not at all).
void print_json_object(const TrainOptions& o, const nlohmann::json& json) {
    if (o.json_path.empty()) {
        std::printf("%s\n", json.dump(2).c_str());
        return;
    }
    AtomicFile out(o.json_path);
    out.stream() << json.dump(2) << "\n";
    out.commit();
}

}  // namespace

void print_summary(const TrainReport& r, bool standardized) {
    const auto& h = r.result.history;
    std::printf("data:            %s (loaded in %.3g s)\n", r.source.name.c_str(), r.source.load_seconds);
    if (r.source.rows_dropped)
        std::printf("dropped:         %zu rows with a missing value (the first on line %zu)\n", r.source.rows_dropped,
                    r.source.first_dropped_line);
    if (r.ranks) std::printf("ranks:           %d MPI ranks, the bits of one process\n", *r.ranks);
    std::printf("implementation:  %s%s (%s)%s\n", r.impl.c_str(), r.impl == r.impl_used ? "" : (" -> " + r.impl_used).c_str(),
                r.dtype.c_str(), r.method == "sufficient_statistics" ? ", epochs from the sufficient statistics" : "");
    std::printf("rows:            %zu train, %zu validation%s\n", r.n_train, r.n_val,
                standardized ? " (features standardized on the training split)" : "");
    std::printf("stopped:         %s after %zu epochs: %s\n", to_string(r.result.stop_reason).c_str(), r.result.epochs_run,
                r.result.message.c_str());
    if (!h.empty()) {
        std::printf("train loss:      %.9g\n", h.back().train_loss);
        if (h.back().validation_loss) std::printf("validation loss: %.9g\n", *h.back().validation_loss);
    }
    std::printf("gradient descent: b = %.9f, w = [%s]\n", r.result.params.b, join(r.result.params.w).c_str());
    std::printf("closed form:      b = %.9f, w = [%s]  (train loss %.9g)\n", r.ols.b, join(r.ols.w).c_str(), r.ols_train_loss);
    std::printf("largest |difference|: %.3g\n", largest_difference(r.result.params, r.ols));
    if (r.original)
        std::printf("original units:   b = %.9f, w = [%s]\n", r.original->b, join(r.original->w).c_str());
    std::printf("max stable learning rate: %.6g (2 / largest Hessian eigenvalue)\n", r.max_stable_lr);
    std::printf("time:            %.3g s\n", r.seconds);
}

void check_history_fits(const TrainOptions& o, std::size_t d, bool path) {
    const std::uint64_t per_epoch = sizeof(EpochLosses) + (path ? sizeof(Params<double>) + d * sizeof(double) : 0);
    require_memory(table_bytes(o.fit.epochs, per_epoch, 1), "the history of " + std::to_string(o.fit.epochs) + " epochs",
                   std::to_string(per_epoch) + " bytes an epoch" + (path ? ", with --path" : ""));
}

void print_json(const TrainOptions& o, const TrainReport& r) { print_json_object(o, to_json(r, o.history_every)); }

void print_sweep(const TrainOptions& o, double bound, const std::vector<TrainReport>& runs, const std::vector<double>& fractions) {
    nlohmann::json rows = nlohmann::json::array();
    if (!o.json) std::printf("%-12s %-10s %-10s %-9s %-14s %s\n", "lr", "x_bound", "converged", "epochs", "final_loss", "stop");
    for (std::size_t k = 0; k < runs.size(); ++k) {
        const TrainReport& r = runs[k];
        const double fraction = fractions[k];
        // Converged: the training loss came within 1e-6 (relative) of the closed form's.
        const double target = r.ols_train_loss * (1 + 1e-6);
        std::optional<std::size_t> epochs;
        for (const EpochLosses& e : r.result.history)
            if (e.train_loss <= target) {
                epochs = e.epoch;
                break;
            }
        const double final_loss = r.result.history.back().train_loss;
        if (o.json)
            rows.push_back({{"lr", fraction * bound}, {"fraction_of_bound", fraction}, {"converged", epochs.has_value()},
                            {"epochs", epochs ? nlohmann::json(*epochs) : nlohmann::json()},
                            {"final_loss", std::isfinite(final_loss) ? nlohmann::json(final_loss) : nlohmann::json()},
                            {"stop_reason", to_string(r.result.stop_reason)}});
        else
            std::printf("%-12.6g %-10.2f %-10s %-9s %-14.6g %s\n", fraction * bound, fraction, epochs ? "yes" : "no",
                        epochs ? std::to_string(*epochs).c_str() : "-", final_loss, to_string(r.result.stop_reason).c_str());
    }
    if (o.json) print_json_object(o, nlohmann::json{{"max_stable_lr", bound}, {"sweep", rows}});
}

void write_path(const std::string& file, const std::vector<Params<double>>& path) {
    AtomicFile out(file);
    out.stream() << "epoch,b";
    for (std::size_t j = 0; j < path.front().w.size(); ++j) out.stream() << ",w" << j + 1;
    out.stream() << "\n";
    out.stream().precision(17);
    for (std::size_t e = 0; e < path.size(); ++e) {
        out.stream() << e << "," << path[e].b;
        for (double w : path[e].w) out.stream() << "," << w;
        out.stream() << "\n";
    }
    out.commit();
}

}  // namespace descent::cli
