#!/usr/bin/python3
"""Markdown tables from `descent bench --json` records (and peers.py records, merged).

One table per dtype and d: a row per n, a column per implementation, each cell the throughput
in million rows per second with its fraction of the read limit measured in the same run
(1-thread limit for 1-thread rows, all-thread limit for threaded rows), where a compute roof is
modelled its fraction of the lower roof with R (read) or C (compute) for the one that binds,
and, where peers ran, its
ratio to the fastest peer at that n (numpy, PyTorch, Eigen, BLAS), in the style of NumKong's
tables; descent-python (the module's call) also as a fraction of the same calls from C++. Standard library only.

    scripts/report.py results/bench.json [results/peers.json ...]
"""
import argparse
import json
from collections import defaultdict

# Columns in this order when present; anything else follows alphabetically.
PREFERRED = ["numpy", "torch", "eigen", "blas", "scalar", "omp", "simd_sse2", "simd_avx2", "simd_avx512", "simd",
             "simd_omp", "auto", "descent-cpp", "descent-python", "descent-python-a64"]
# The roofs measured in the same run, shown as GB/s columns of their own (compute: the bytes an
# epoch reads over the time of its arithmetic alone); read_rows_* (all d + 1 streams read
# together) appears for d > 1 only.
LIMITS = {"read_1_thread": "read 1T GB/s", "read_all_threads": "read all GB/s",
          "read_rows_1_thread": "rows 1T GB/s", "read_rows_all_threads": "rows all GB/s",
          "compute_1_thread": "compute 1T GB/s", "compute_all_threads": "compute all GB/s"}
PEERS = {"numpy", "torch", "eigen", "blas"}


def load(paths):
    records = []
    for path in paths:
        with open(path) as f:
            records.extend(json.load(f))
    return records


def columns_of(records):
    names = {r["impl"] for r in records} - set(LIMITS)
    return [c for c in PREFERRED if c in names] + sorted(names - set(PREFERRED))


def table(records, dtype, d):
    rows = [r for r in records if r["dtype"] == dtype and r["d"] == d]
    by_n = defaultdict(dict)
    for r in rows:
        by_n[r["n"]][r["impl"]] = r
    columns = columns_of(rows)
    limits = [name for name in LIMITS if any(r["impl"] == name for r in rows)]
    header = ["n"] + [LIMITS[name] for name in limits] + columns
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for n in sorted(by_n):
        cells = by_n[n]
        line = [f"2^{n.bit_length() - 1}" if n & (n - 1) == 0 else str(n)]
        for limit in limits:
            line.append(f"{cells[limit]['gb_per_s']:.1f}" if limit in cells else "")
        best_peer = max((cells[p]["melem_per_s"] for p in PEERS if p in cells), default=None)
        for c in columns:
            r = cells.get(c)
            if r is None:
                line.append("")
                continue
            notes = []
            if r.get("bandwidth_fraction"):
                notes.append(f"{100 * r['bandwidth_fraction']:.0f}%")
            if r.get("roof_fraction"):
                roof = f"{100 * r['roof_fraction']:.0f}% {'C' if r['roof'] == 'compute' else 'R'}"
                if notes:
                    notes[-1] += f"; {roof}"
                else:
                    notes.append(roof)
            if best_peer and c not in PEERS:
                notes.append(f"{r['melem_per_s'] / best_peer:.1f}×")
            # The module's call against C++: the same calls in a C++ loop in the same process
            # (descent-cpp), else descent bench's auto.
            reference = "descent-cpp" if "descent-cpp" in cells else "auto"
            if c.startswith("descent-python") and reference in cells:
                notes.append(f"{r['melem_per_s'] / cells[reference]['melem_per_s']:.2f} of {reference}")
            line.append(f"{r['melem_per_s']:.0f}" + (f" ({', '.join(notes)})" if notes else ""))
        lines.append("| " + " | ".join(line) + " |")
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("json", nargs="+", help="record files: descent bench --json, peers.py")
    args = parser.parse_args()
    records = load(args.json)
    cpu = next((r["cpu"] for r in records if "cpu" in r), "unknown CPU")
    for dtype in ("f32", "f64"):
        for d in sorted({r["d"] for r in records if r["dtype"] == dtype}):
            print(f"**{dtype}, d = {d}** — million rows per second (fraction of the read limit; of the lower roof, "
                  f"R read or C compute); {cpu}\n")
            print(table(records, dtype, d))
            print()


if __name__ == "__main__":
    main()
