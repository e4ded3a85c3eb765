"""Writes the .npy files tests/npy_test.cpp reads, with numpy itself: every layout, dtype and
header version descent reads, and the broken files it must refuse. Usage: write_npy.py DIR"""
import os
import sys

import numpy as np

out = sys.argv[1]
os.makedirs(out, exist_ok=True)
path = lambda name: os.path.join(out, name)

# The book's data shape: y = 1 + 2 x1 - 3 x2 + 0.5 x3 + noise, 100 rows.
rng = np.random.default_rng(42)
x = rng.standard_normal((100, 3))
y = 1 + x @ np.array([2.0, -3.0, 0.5]) + 0.1 * rng.standard_normal(100)
np.save(path("x1.npy"), x[:, 0])
np.save(path("x_c.npy"), np.ascontiguousarray(x))
np.save(path("x_f.npy"), np.asfortranarray(x))
np.save(path("x_f4.npy"), x.astype(np.float32))
np.save(path("x_be.npy"), x.astype(">f8"))
np.save(path("y.npy"), y)
np.save(path("y_column.npy"), y.reshape(-1, 1))
np.save(path("y_f4.npy"), y.astype(np.float32))
for version in [(1, 0), (2, 0), (3, 0)]:
    with open(path(f"x_v{version[0]}.npy"), "wb") as f:
        np.lib.format.write_array(f, x, version=version)
# The same values as CSV, every digit kept (%.17g reads back to the same double).
np.savetxt(path("same.csv"), np.column_stack([x, y]), fmt="%.17g", delimiter=",", header="x1,x2,x3,y", comments="")

# What must fail.
np.save(path("x_int.npy"), np.arange(100))
np.save(path("x_3d.npy"), np.zeros((100, 3, 2)))
np.save(path("y_short.npy"), y[:99])
np.save(path("y_2col.npy"), np.zeros((100, 2)))
x_nan = x.copy()
x_nan[7, 2] = np.nan
np.save(path("x_nan.npy"), x_nan)
np.save(path("x_big_for_f32.npy"), np.full(100, 1e39))
with open(path("x_c.npy"), "rb") as f:
    whole = f.read()
with open(path("x_truncated.npy"), "wb") as f:
    f.write(whole[:-5])
with open(path("x_magic.npy"), "wb") as f:
    f.write(b"\x93NUMPZ" + whole[6:])
with open(path("x_header.npy"), "wb") as f:
    f.write(whole.replace(b"'fortran_order': False", b"'fortran_order': Maybe"))
