#!/usr/bin/python3
"""The book's pictures from real descent runs.

Runs the descent tool for the data, the training run, the loss surface and a learning-rate
comparison, then draws PNGs into --out. Needs Debian's python3-matplotlib: run it with
/usr/bin/python3 (the python3 on PATH may not see Debian's packages).

    /usr/bin/python3 scripts/plot.py --descent build/src/cli/descent --out docs
"""
import argparse
import csv
import json
import os
import subprocess
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402


def run(descent, *args, allow_divergence=False):
    """Runs descent and returns its standard output; exit 3 means it diverged (reported, not an error)."""
    done = subprocess.run([descent, *args], capture_output=True, text=True)
    if done.returncode != 0 and not (allow_divergence and done.returncode == 3):
        sys.exit(f"descent {' '.join(args)} failed ({done.returncode}):\n{done.stderr}")
    return done.stdout


def read_csv(path):
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


def save(fig, out, name, tight=True):
    path = os.path.join(out, name)
    if tight:
        fig.tight_layout(rect=(0, 0.12, 1, 1) if fig.legends else (0, 0, 1, 1))
    fig.savefig(path, dpi=110)
    plt.close(fig)
    print(f"wrote {path}")


def plot_split(rows, out):
    fig, ax = plt.subplots(figsize=(6, 4.5))
    for split, color in (("train", "tab:blue"), ("validation", "tab:red")):
        xs = [float(r["x1"]) for r in rows if r["split"] == split]
        ys = [float(r["y"]) for r in rows if r["split"] == split]
        ax.scatter(xs, ys, s=18, color=color, label=f"{split} ({len(xs)} rows)")
    ax.set(title="Synthetic data y = 1 + 2x + 0.1 noise, shuffled 80/20 split", xlabel="x", ylabel="y")
    ax.legend()
    save(fig, out, "split.png")


def plot_fit(rows, run_json, out):
    fig, ax = plt.subplots(figsize=(6, 4.5))
    xs = [float(r["x1"]) for r in rows if r["split"] == "train"]
    ys = [float(r["y"]) for r in rows if r["split"] == "train"]
    ax.scatter(xs, ys, s=18, color="tab:blue", alpha=0.6, label="training data")
    line = [0.0, 1.0]
    b, w = run_json["b"], run_json["w"][0]
    ax.plot(line, [b + w * x for x in line], color="black", label=f"gradient descent: b={b:.3f}, w={w:.3f}")
    ob, ow = run_json["ols_b"], run_json["ols_w"][0]
    ax.plot(line, [ob + ow * x for x in line], "--", color="tab:orange", label=f"closed form: b={ob:.3f}, w={ow:.3f}")
    ax.set(title=f"Fitted line after {run_json['epochs_run']} epochs ({run_json['impl_used']}, {run_json['dtype']})",
           xlabel="x", ylabel="y")
    ax.legend()
    save(fig, out, "fit.png")


def plot_losses(run_json, out):
    fig, ax = plt.subplots(figsize=(6, 4.5))
    epochs = [h["epoch"] for h in run_json["history"]]
    ax.plot(epochs, [h["train_loss"] for h in run_json["history"]], label="training loss")
    ax.plot(epochs, [h["val_loss"] for h in run_json["history"]], label="validation loss")
    ax.set_yscale("log")
    ax.set(title=f"MSE per epoch (learning rate {run_json['lr']})", xlabel="epoch", ylabel="MSE (log scale)")
    ax.legend()
    save(fig, out, "losses.png")


def grid(surface_rows):
    bs = sorted({float(r["b"]) for r in surface_rows})
    ws = sorted({float(r["w"]) for r in surface_rows})
    mse = {(float(r["b"]), float(r["w"])): float(r["mse"]) for r in surface_rows}
    z = [[mse[(b, w)] for b in bs] for w in ws]  # rows follow w (the y axis)
    return bs, ws, z


def plot_surface(surface_rows, path_rows, history, out):
    bs, ws, z = grid(surface_rows)
    pb = [float(r["b"]) for r in path_rows]
    pw = [float(r["w1"]) for r in path_rows]
    fig, ax = plt.subplots(figsize=(6, 5))
    contours = ax.contour(bs, ws, z, levels=30, cmap="viridis")
    fig.colorbar(contours, ax=ax, label="MSE")
    ax.plot(pb, pw, ".-", color="tab:red", markersize=3, label="gradient descent path")
    ax.plot(pb[0], pw[0], "o", color="tab:red", label="start")
    ax.set(title="Loss surface over (b, w) with the descent path", xlabel="b (bias)", ylabel="w (weight)")
    ax.legend()
    save(fig, out, "surface_contour.png")

    import numpy as np  # matplotlib depends on it

    fig = plt.figure(figsize=(7, 5.5))
    ax = fig.add_subplot(projection="3d")
    B, W = np.meshgrid(bs, ws)
    ax.plot_surface(B, W, np.array(z), cmap="viridis", alpha=0.7, linewidth=0)
    # Path row e holds the parameters after e epochs; epoch e + 1's training loss was measured there.
    path_loss = [h["train_loss"] for h in history]
    ax.plot(pb[: len(path_loss)], pw[: len(path_loss)], path_loss, color="tab:red", linewidth=2, label="descent path")
    ax.set(title="Loss surface (3-D) with the descent path", xlabel="b", ylabel="w", zlabel="MSE")
    ax.legend()
    save(fig, out, "surface_3d.png")


def plot_learning_rates(runs, bound, out):
    fig, ax = plt.subplots(figsize=(6.5, 4.5))
    for label, data in runs:
        epochs = [h["epoch"] for h in data["history"]]
        ax.plot(epochs, [h["train_loss"] for h in data["history"]], label=label)
    ax.set_yscale("log")
    ax.set(title=f"Learning rate: too small, good, too large (stable below {bound:.3f})", xlabel="epoch",
           ylabel="training MSE (log scale)")
    ax.legend()
    save(fig, out, "learning_rates.png")


def plot_throughput(bench_paths, out):
    """Throughput against n (log-log), a line per implementation and peer, the read limits and
    the compute limits (the epoch's bytes over its arithmetic's time) as the roofs, and the
    cache sizes as vertical lines."""
    records = []
    for path in bench_paths:
        with open(path) as f:
            records.extend(json.load(f))
    caches = next((r["caches"] for r in records if "caches" in r), {})
    cpu = next((r["cpu"] for r in records if "cpu" in r), "")
    dtypes = [t for t in ("f32", "f64") if any(r["dtype"] == t for r in records)]
    fig, axes = plt.subplots(1, len(dtypes), figsize=(6.5 * len(dtypes), 5.8), squeeze=False)
    impls = sorted({r["impl"] for r in records})
    colors = dict(zip(impls, plt.cm.tab20.colors))  # one colour per line, the same in both panels
    for ax, dtype in zip(axes[0], dtypes):
        rows = [r for r in records if r["dtype"] == dtype]
        d = rows[0]["d"]
        for impl in impls:
            points = sorted((r["n"], r["gb_per_s"]) for r in rows if r["impl"] == impl)
            roof = impl.startswith(("read_", "compute_"))
            roof_color = {"read_1_thread": "black", "compute_1_thread": "tab:red", "compute_all_threads": "lightcoral"}
            ax.plot([p[0] for p in points], [p[1] for p in points], "--" if roof else ".-", linewidth=2.5 if roof else 1.2,
                    color=roof_color.get(impl, "gray") if roof else colors[impl], label=f"{impl} (roof)" if roof else impl)
        value_bytes = 4 if dtype == "f32" else 8
        for name, size in caches.items():
            if size:  # the n at which the (d + 1) streams fill this cache
                ax.axvline(size / ((d + 1) * value_bytes), color="tab:gray", linestyle=":", linewidth=1)
                ax.annotate(f" {name}", (size / ((d + 1) * value_bytes), 0.02), xycoords=("data", "axes fraction"),
                            rotation=90, va="bottom", fontsize=8, color="tab:gray")
        ax.set_xscale("log", base=2)
        ax.set_yscale("log")
        ax.set(title=f"Epoch throughput, {dtype}, d = {d}", xlabel="n (rows)", ylabel="GB/s read (log scale)")
    handles, labels = axes[0][0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="lower center", ncol=8, fontsize=8)
    fig.suptitle(f"descent bench on {cpu}: dotted lines where the data fills L1d / L2 / L3", fontsize=10)
    fig.subplots_adjust(bottom=0.2)
    save(fig, out, "throughput.png")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--descent", default="build/src/cli/descent", help="the descent tool")
    parser.add_argument("--out", default="results/plots", help="folder for the PNGs and the CSVs they come from")
    parser.add_argument("--bench", nargs="*", default=[], help="bench/peers JSON records: draw throughput.png from them")
    parser.add_argument("--only-throughput", action="store_true", help="draw throughput.png alone")
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    if args.bench:
        plot_throughput(args.bench, args.out)
    if args.only_throughput:
        return
    split_csv = os.path.join(args.out, "split.csv")
    path_csv = os.path.join(args.out, "path.csv")
    surface_csv = os.path.join(args.out, "surface.csv")

    book = json.loads(run(args.descent, "train", "--json", "--data-out", split_csv, "--path", path_csv))
    run(args.descent, "surface", "--out", surface_csv)
    rows = read_csv(split_csv)
    plot_split(rows, args.out)
    plot_fit(rows, book, args.out)
    plot_losses(book, args.out)
    plot_surface(read_csv(surface_csv), read_csv(path_csv), book["history"], args.out)

    bound = book["max_stable_lr"]
    runs = []
    for label, lr in (("too small", 0.02 * bound), ("good", 0.5 * bound), ("too large (diverges)", 1.05 * bound)):
        data = json.loads(run(args.descent, "train", "--json", "--lr", str(lr), "--epochs", "200", allow_divergence=True))
        runs.append((f"{label}: lr = {lr:.3g}", data))
    plot_learning_rates(runs, bound, args.out)


if __name__ == "__main__":
    main()
