#!/usr/bin/python3
"""The book's gradient-descent epoch in numpy and PyTorch, and descent's own epoch called from
Python (`descent-python`: Implementation("auto").descend through the module), timed the way
`descent bench` times its implementations, written as the same JSON records so
scripts/report.py can merge them.

Each epoch is the book's loop: yhat = b + w x, error = yhat - y, loss = mean(error^2),
b_grad = 2 mean(error), w_grad = 2 mean(x error), then the update (X @ w and X^T error for
d > 1). Data: x uniform in [0, 1), y = 1 + 2 x + 0.1 noise, the same distribution as descent's.
Needs Debian's python3-numpy and python3-torch: run with /usr/bin/python3. The descent module
is taken from --descent-python (build/python by default) when it is there.

    /usr/bin/python3 scripts/peers.py --json results/peers.json [--max-n 67108864]
"""
import argparse
import json
import os
import statistics
import sys
import time


def cpu_model():
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return "unknown CPU"


def numpy_epoch(np, X, y, params, lr):
    """One epoch in numpy; X is (n,) for d = 1 as in the book, (n, d) otherwise."""
    b, w = params
    yhat = b + (w * X if X.ndim == 1 else X @ w)
    error = yhat - y
    loss = (error ** 2).mean()
    b_grad = 2 * error.mean()
    w_grad = 2 * ((X * error).mean() if X.ndim == 1 else X.T @ error / len(y))
    params[0] = b - lr * b_grad
    params[1] = w - lr * w_grad
    return loss


def torch_epoch(torch, X, y, params, lr):
    b, w = params
    yhat = b + (w * X if X.dim() == 1 else X @ w)
    error = yhat - y
    loss = (error ** 2).mean()
    b_grad = 2 * error.mean()
    w_grad = 2 * ((X * error).mean() if X.dim() == 1 else X.T @ error / len(y))
    params[0] = b - lr * b_grad
    params[1] = w - lr * w_grad
    return loss


def descent_epoch(descent, np, X, y, np_type, threads):
    """One epoch through the Python module: X column-major (as the book's 1-D x already is), so
    the kernels read the arrays in place; the parameters come back as Python values."""
    impl = descent.Implementation("auto", threads=threads)
    params = [0.0, np.zeros(1 if X.ndim == 1 else X.shape[1], dtype=np_type)]

    def run_once():
        loss, params[0], params[1] = impl.descend(X, y, params[0], params[1], 0.1)
        return loss

    return run_once


def descent_cpp_loop(descent, np, X, y, np_type, threads, min_time):
    """The same descend calls from a C++ loop in this process (descent._descent._seconds_per_descend):
    what descent-python would reach without the cost of a call from Python. Its run_once runs the
    loop for about min_time and returns the seconds per call, which time_per_call then reports."""
    impl = descent.Implementation("auto", threads=threads)
    w = np.zeros(1 if X.ndim == 1 else X.shape[1], dtype=np_type)
    calls = [1]

    def run_once():
        seconds = descent._descent._seconds_per_descend(impl, X, y, 0.0, w, 0.1, calls[0])
        calls[0] = max(1, int(min_time / max(seconds, 1e-9)))
        return seconds

    run_once.reports_seconds = True
    return run_once


def time_per_call(run_once, min_time):
    """Seconds per call: one untimed call, then calls until min_time has passed, in batches
    with the clock read only between them, as `descent bench` times (see its time_per_call).
    A run_once that times itself (reports_seconds) says its own seconds per call."""
    if getattr(run_once, "reports_seconds", False):
        run_once()
        return run_once()
    run_once()
    calls, batch, start = 0, 1, time.perf_counter()
    while True:
        for _ in range(batch):
            run_once()
        calls += batch
        elapsed = time.perf_counter() - start
        if elapsed >= min_time:
            return elapsed / calls
        per_call = elapsed / calls
        batch = min(calls, int((min_time - elapsed) / per_call) + 1 if per_call > 0 else calls)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--json", required=True, help="write the records here")
    parser.add_argument("--d", type=int, default=1)
    parser.add_argument("--min-n", type=int, default=1 << 10)
    parser.add_argument("--max-n", type=int, default=1 << 26)
    parser.add_argument("--repetitions", type=int, default=21)  # descent bench's defaults, for its reasons
    parser.add_argument("--min-time", type=float, default=0.03)
    parser.add_argument("--descent-python", default=os.path.join(os.path.dirname(__file__), "..", "build", "python"),
                        help="where the descent module was built (skipped when it is not there)")
    args = parser.parse_args()
    descent = None
    if os.path.isdir(os.path.join(args.descent_python, "descent")):
        sys.path.insert(0, args.descent_python)
        import descent
        # Read before torch is imported: importing it sets OpenMP's thread count to 1 in this
        # thread, and descent, like any OpenMP program, would then run one thread.
        descent_threads = descent.info()["threads"]

    import numpy as np
    import torch

    torch.set_grad_enabled(False)
    cpu = cpu_model()
    records = []
    for dtype, np_type, torch_type in (("f32", np.float32, torch.float32), ("f64", np.float64, torch.float64)):
        n = args.min_n
        while n <= args.max_n:
            rng = np.random.default_rng(42)
            X = rng.random((n,) if args.d == 1 else (n, args.d)).astype(np_type)
            y = (1 + 2 * (X if args.d == 1 else X.sum(axis=1)) + 0.1 * rng.standard_normal(n)).astype(np_type)
            w0 = np_type(0) if args.d == 1 else np.zeros(args.d, dtype=np_type)
            np_params = [np_type(0), w0]
            tX, ty = torch.from_numpy(X), torch.from_numpy(y)
            torch_params = [torch.zeros((), dtype=torch_type),
                            torch.zeros(() if args.d == 1 else (args.d,), dtype=torch_type)]
            competitors = {
                "numpy": (lambda: numpy_epoch(np, X, y, np_params, np_type(0.1)), 1),
                "torch": (lambda: torch_epoch(torch, tX, ty, torch_params, 0.1), torch.get_num_threads()),
            }
            if descent:
                competitors["descent-cpp"] = (
                    descent_cpp_loop(descent, np, np.asfortranarray(X), y, np_type, descent_threads, args.min_time),
                    descent_threads)
                competitors["descent-python"] = (
                    descent_epoch(descent, np, np.asfortranarray(X), y, np_type, descent_threads), descent_threads)
                # The same on copies that start on a cache line (descent.aligned), as descent's
                # own tables (and the C++ benchmark's) do: numpy's arrays start 16-48 bytes into one.
                competitors["descent-python-a64"] = (
                    descent_epoch(descent, np, descent.aligned(np.asfortranarray(X)), descent.aligned(y), np_type,
                                  descent_threads),
                    descent_threads)
            names = list(competitors)
            seconds = {name: [] for name in names}
            for round_ in range(args.repetitions):  # rotated order, as descent bench does
                for k in range(len(names)):
                    name = names[(k + round_) % len(names)]
                    seconds[name].append(time_per_call(competitors[name][0], args.min_time))
            for name in names:
                s = statistics.median(seconds[name])
                records.append({"impl": name, "dtype": dtype, "d": args.d, "n": n, "threads": competitors[name][1],
                                "seconds_per_epoch": s, "melem_per_s": n / s / 1e6,
                                "gb_per_s": (args.d + 1) * n * X.itemsize / s / 1e9, "bandwidth_fraction": None,
                                "speedup_over_scalar": None, "cpu": cpu,
                                "version": {"numpy": np.__version__, "torch": torch.__version__}.get(
                                    name, descent.__version__ if descent else None)})
                print(f"{dtype} {n:>10} {name:<6} {n / s / 1e6:10.1f} Melem/s", flush=True)
            n *= 4
    with open(args.json, "w") as f:
        json.dump(records, f, indent=2)


if __name__ == "__main__":
    main()
