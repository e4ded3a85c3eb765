#!/usr/bin/env python3
"""Load time and peak memory of descent's CSV reader against pandas and numpy, same files, one run.

Each reader runs in a process of its own, one at a time (OpenMP threads spin), repeated and
interleaved; the table shows the median. Time is the reader's own: descent's load_seconds
(`train --json`), the seconds around pd.read_csv / np.loadtxt. Peak RSS is the whole process's
(wait4's ru_maxrss), against the table's own bytes (rows x columns x 8, float64).

    /usr/bin/python3 scripts/load_bench.py --descent build/src/cli/descent [--size-gb 1] [--reps 3]
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

import numpy as np


def make_csv(path, columns, size_bytes):
    """Rows of y = 1 + 2 * sum(x) + 0.1 * noise, 9 significant digits (as descent --data-out writes)."""
    if os.path.exists(path) and os.path.getsize(path) >= size_bytes:
        return
    rng = np.random.default_rng(42)
    partial = path + ".partial"
    with open(partial, "w") as f:
        f.write(",".join([f"x{j + 1}" for j in range(columns - 1)] + ["y"]) + "\n")
        while f.tell() < size_bytes:
            block = rng.standard_normal((200_000, columns))
            block[:, -1] = 1 + 2 * block[:, :-1].sum(axis=1) + 0.1 * block[:, -1]
            np.savetxt(f, block, fmt="%.9g", delimiter=",")
    os.replace(partial, path)


PYTHON_READERS = {
    "pandas read_csv": "import pandas as pd\ntable = pd.read_csv(path)\nrows, cols = table.shape",
    "numpy loadtxt": "import numpy as np\ntable = np.loadtxt(path, delimiter=',', skiprows=1)\nrows, cols = table.shape",
}


def measure_descent(descent, path, threads):
    env = dict(os.environ, OMP_NUM_THREADS=str(threads)) if threads else None
    command = [descent, "train", "--csv", path, "--target", "y", "--epochs", "1", "--val-fraction", "0",
               "--json", "--no-progress"]
    return measure(command, env, lambda out: json.loads(out)["load_seconds"], lambda out: json.loads(out)["n_train"])


def measure_python(reader, path):
    code = ("import sys, time\npath = sys.argv[1]\nstart = time.perf_counter()\n" + PYTHON_READERS[reader] +
            "\nprint(time.perf_counter() - start, rows)\n")
    return measure(["/usr/bin/python3", "-c", code, path], None, lambda out: float(out.split()[0]),
                   lambda out: int(out.split()[1]))


def measure(command, env, seconds_of, rows_of):
    """(reader seconds, rows, peak RSS bytes) of one run, the RSS from wait4 on that child."""
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, text=True)
    out = process.stdout.read()
    err = process.stderr.read()
    _, status, usage = os.wait4(process.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"{' '.join(command)} failed:\n{err}")
    return seconds_of(out), rows_of(out), usage.ru_maxrss * 1024


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--descent", required=True, help="the descent tool")
    parser.add_argument("--size-gb", type=float, default=1.0, help="size of each generated CSV (default 1)")
    parser.add_argument("--reps", type=int, default=3, help="runs of each reader, interleaved (default 3)")
    parser.add_argument("--dir", default=os.path.join(tempfile.gettempdir(), "descent-load-bench"),
                        help="where the CSVs are generated and kept")
    parser.add_argument("--json", help="also write the measurements here")
    args = parser.parse_args()
    os.makedirs(args.dir, exist_ok=True)
    cpu = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name")), "?")
    print(f"CPU: {cpu}, {os.cpu_count()} logical CPUs; files of {args.size_gb:g} GB; median of {args.reps} runs")

    readers = [("descent", lambda p: measure_descent(args.descent, p, 0)),
               ("descent, 1 thread", lambda p: measure_descent(args.descent, p, 1))]
    readers += [(name, lambda p, name=name: measure_python(name, p)) for name in PYTHON_READERS]
    records = []
    for columns in (2, 11):
        path = os.path.join(args.dir, f"load-{columns}-columns-{args.size_gb:g}gb.csv")
        started = time.perf_counter()
        make_csv(path, columns, int(args.size_gb * 1e9))
        size = os.path.getsize(path)
        print(f"\n{path}: {size / 1e9:.2f} GB ({time.perf_counter() - started:.0f} s to make or find)")
        runs = {name: [] for name, _ in readers}
        for _ in range(args.reps):
            for name, reader in readers:
                runs[name].append(reader(path))
        table_bytes = None
        print(f"| reader | seconds | MB/s | rows | peak RSS | RSS / table | vs pandas |")
        print(f"|---|---|---|---|---|---|---|")
        pandas_seconds = statistics.median(r[0] for r in runs["pandas read_csv"])
        for name, _ in readers:
            seconds = statistics.median(r[0] for r in runs[name])
            rows = runs[name][0][1]
            rss = statistics.median(r[2] for r in runs[name])
            table_bytes = rows * columns * 8
            print(f"| {name} | {seconds:.2f} | {size / seconds / 1e6:.0f} | {rows} | {rss / 2**20:.0f} MiB | "
                  f"{rss / table_bytes:.2f} | {pandas_seconds / seconds:.1f}x |")
            records.append({"reader": name, "columns": columns, "file_bytes": size, "rows": rows,
                            "seconds": [r[0] for r in runs[name]], "peak_rss": [r[2] for r in runs[name]],
                            "table_bytes": table_bytes, "cpu": cpu})
    if args.json:
        with open(args.json + ".partial", "w") as f:
            json.dump(records, f, indent=2)
        os.replace(args.json + ".partial", args.json)


if __name__ == "__main__":
    main()
