#!/usr/bin/python3
"""Chapter 0 of the book ("visualizing gradient descent") with descent's kernels from Python.

The book's own numpy steps for the data and the split, then descent for everything that
loops over the data: the epochs (Implementation.descend, in the book's Python loop), the
validation loss, the loss surface (Implementation.mse per grid point), the learning-rate
comparison and standardization (descent.fit). scikit-learn's LinearRegression is the answer to
reach. Draws the figures scripts/plot.py draws from the tool, into --out.

    PYTHONPATH=build/python /usr/bin/python3 examples/python/chapter0.py --out docs/python
"""
import argparse
import os

import matplotlib
import numpy as np

import descent

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from sklearn.linear_model import LinearRegression  # noqa: E402
from sklearn.preprocessing import StandardScaler  # noqa: E402


def book_data():
    """The book's synthetic data and shuffled 80/20 split, step for step."""
    true_b, true_w, N = 1, 2, 100
    np.random.seed(42)
    x = np.random.rand(N, 1)
    y = true_b + true_w * x + (.1 * np.random.randn(N, 1))
    idx = np.arange(N)
    np.random.shuffle(idx)
    train_idx, val_idx = idx[:int(N * .8)], idx[int(N * .8):]
    # descent takes X as (n,) or (n, d) and y as (n,): one feature, so 1-D columns, read in place.
    return x[train_idx, 0].copy(), y[train_idx, 0].copy(), x[val_idx, 0].copy(), y[val_idx, 0].copy()


def train(impl, x_train, y_train, x_val, y_val, lr=0.1, epochs=1000):
    """The book's loop: predict, loss, gradients, update; here one descend call an epoch."""
    np.random.seed(42)
    b, w = np.random.randn(1)[0], np.random.randn(1)
    path, train_losses, val_losses = [(b, w[0])], [], []
    for _ in range(epochs):
        loss, b, w = impl.descend(x_train, y_train, b, w, lr)  # the loss before the step, then the step
        train_losses.append(loss)
        val_losses.append(impl.mse(x_val, y_val, b, w))
        path.append((b, w[0]))
    return b, w[0], np.array(path), np.array(train_losses), np.array(val_losses)


def save(fig, out, name):
    fig.tight_layout()
    fig.savefig(os.path.join(out, name), dpi=100)
    plt.close(fig)
    print(f"wrote {os.path.join(out, name)}")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", default="results/chapter0", help="folder for the figures")
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    impl = descent.Implementation("auto")
    print(f"descent {descent.__version__} on {descent.info()['cpu']}: {impl.name} runs {impl.description}")

    x_train, y_train, x_val, y_val = book_data()
    b, w, path, train_losses, val_losses = train(impl, x_train, y_train, x_val, y_val)
    sk = LinearRegression().fit(x_train.reshape(-1, 1), y_train)
    print(f"gradient descent, 1000 epochs: b = {b:.6f}, w = {w:.6f}")
    print(f"LinearRegression:              b = {sk.intercept_:.6f}, w = {sk.coef_[0]:.6f}")

    fig, ax = plt.subplots(figsize=(6, 4.5))
    ax.scatter(x_train, y_train, s=18, label="train")
    ax.scatter(x_val, y_val, s=18, color="tab:red", label="validation")
    ax.set(title="y = 1 + 2x + 0.1 noise, shuffled 80/20 split", xlabel="x", ylabel="y")
    ax.legend()
    save(fig, args.out, "split.png")

    fig, ax = plt.subplots(figsize=(6, 4.5))
    ax.scatter(x_train, y_train, s=18, alpha=0.6, label="train")
    line = np.array([0.0, 1.0])
    ax.plot(line, b + w * line, color="black", label=f"descent: b={b:.3f}, w={w:.3f}")
    ax.plot(line, sk.intercept_ + sk.coef_[0] * line, "--", label="LinearRegression")
    ax.set(title="Fitted line after 1000 epochs", xlabel="x", ylabel="y")
    ax.legend()
    save(fig, args.out, "fit.png")

    fig, ax = plt.subplots(figsize=(6, 4.5))
    ax.plot(train_losses, label="training loss")
    ax.plot(val_losses, label="validation loss")
    ax.set(title="MSE per epoch (learning rate 0.1)", xlabel="epoch", ylabel="MSE (log scale)", yscale="log")
    ax.legend()
    save(fig, args.out, "losses.png")

    # The loss surface around the optimum, one mse kernel call per (b, w).
    bs = np.linspace(sk.intercept_ - 3, sk.intercept_ + 3, 101)
    ws = np.linspace(sk.coef_[0] - 3, sk.coef_[0] + 3, 101)
    surface = np.array([[impl.mse(x_train, y_train, bb, ww) for bb in bs] for ww in ws])
    fig, ax = plt.subplots(figsize=(6, 5))
    contours = ax.contour(bs, ws, surface, levels=30, cmap="viridis")
    fig.colorbar(contours, ax=ax, label="MSE")
    ax.plot(path[:, 0], path[:, 1], ".-", color="tab:red", markersize=3, label="gradient descent path")
    ax.set(title="Loss surface over (b, w) with the descent path", xlabel="b", ylabel="w")
    ax.legend()
    save(fig, args.out, "surface_contour.png")
    fig = plt.figure(figsize=(7, 5.5))
    ax = fig.add_subplot(projection="3d")
    B, W = np.meshgrid(bs, ws)
    ax.plot_surface(B, W, surface, cmap="viridis", alpha=0.7, linewidth=0)
    ax.plot(path[:-1, 0], path[:-1, 1], train_losses, color="tab:red", linewidth=2, label="descent path")
    ax.set(title="Loss surface (3-D) with the descent path", xlabel="b", ylabel="w", zlabel="MSE")
    save(fig, args.out, "surface_3d.png")

    # The learning rate: stable below 2 / the largest eigenvalue of the mse's Hessian.
    A = np.column_stack([np.ones_like(x_train), x_train])
    bound = 2 / np.linalg.eigvalsh(2 * A.T @ A / len(x_train)).max()
    fig, ax = plt.subplots(figsize=(6.5, 4.5))
    for label, lr in (("too small", 0.02 * bound), ("good", 0.5 * bound), ("too large", 1.05 * bound)):
        result = descent.fit(x_train, y_train, lr=lr, epochs=200, b=1.5, w=[0.5])
        ax.plot(result.train_loss, label=f"{label}: lr = {lr:.3g} ({result.stop_reason})")
    ax.set(title=f"Learning rate: too small, good, too large (stable below {bound:.3f})", xlabel="epoch",
           ylabel="training MSE (log scale)", yscale="log")
    ax.legend()
    save(fig, args.out, "learning_rates.png")

    # Standardization fitted on the training split: the same answer, reached at a larger rate.
    scaler = StandardScaler().fit(x_train.reshape(-1, 1))
    standardized = descent.fit(scaler.transform(x_train.reshape(-1, 1))[:, 0], y_train, lr=0.5, epochs=200)
    w_original = standardized.w[0] / scaler.scale_[0]
    b_original = standardized.b - w_original * scaler.mean_[0]
    print(f"standardized, 200 epochs at lr 0.5: b = {b_original:.6f}, w = {w_original:.6f} (original units)")


if __name__ == "__main__":
    main()
