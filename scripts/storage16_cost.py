#!/usr/bin/env python3
"""What 16-bit storage costs in the answer: the least-squares fit (what gradient descent converges
to) of data rounded to f32, bf16 and f16, against the f64 fit of the unrounded data, on the
book's data and on scikit-learn's diabetes set. Run with /usr/bin/python3 (Debian's numpy, sklearn).
"""
import numpy as np
from sklearn.datasets import load_diabetes
from sklearn.preprocessing import StandardScaler
def bf16(a):
    b = np.asarray(a, np.float32).view(np.uint32).astype(np.uint64)
    r = ((b + 0x7fff + ((b >> 16) & 1)) >> 16).astype(np.uint32) << 16
    return r.astype(np.uint32).view(np.float32).astype(np.float64)
def f16(a): return np.asarray(a, np.float32).astype(np.float16).astype(np.float64)
def lsq(X, y):
    A = np.hstack([np.ones((len(X),1)), X]); return np.linalg.lstsq(A, y, rcond=None)[0]
def report(name, X, y):
    ref = lsq(X, y)
    print(name, "f64 fit: b = %.6g, w = %s" % (ref[0], np.array2string(ref[1:], precision=6)))
    for tn, t in [("f32", lambda a: np.asarray(a, np.float32).astype(np.float64)), ("bf16", bf16), ("f16", f16)]:
        p = lsq(t(X), t(y))
        rel = np.abs(p - ref) / np.maximum(np.abs(ref), 1e-300)
        print("  %-4s b = %.6g, max |w - w64| / |w64| = %.2e, |b - b64| / |b64| = %.2e" % (tn, p[0], rel[1:].max(), rel[0]))
np.random.seed(42)
x = np.random.rand(100, 1); y = 1 + 2 * x[:, 0] + .1 * np.random.randn(100)
idx = np.arange(100); np.random.shuffle(idx); tr = idx[:80]
report("book (N=100, seed 42, 80 training rows, raw x)", x[tr], y[tr])
sc = StandardScaler().fit(x[tr]); report("book, standardized", sc.transform(x[tr]), y[tr])
d = load_diabetes(); X = d.data * 1.0; yy = d.target
Xs = StandardScaler().fit_transform(X)
report("diabetes (442 x 10, standardized)", Xs, yy)
