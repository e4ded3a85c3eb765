"""descent.aligned: numpy arrays placed as descent's own tables are, for the kernels' fastest reads."""
import numpy as np

CACHE_LINE = 64


def aligned(a):
    """A copy of `a` whose data starts on a 64-byte cache line, as descent's own tables do.

    numpy's arrays start 16-48 bytes into a line, where every 64-byte vector load of a column
    straddles two lines: from L2 and L3 that can halve an epoch (docs/performance.md). The copy
    keeps the values, dtype, shape and memory order (Fortran order stays Fortran order, read in
    place by the kernels), so every kernel gives the same bits on it as on `a`. Make it once,
    before a training loop.
    """
    a = np.asarray(a)
    order = "F" if a.flags.f_contiguous and not a.flags.c_contiguous else "C"
    raw = np.empty(a.nbytes + CACHE_LINE, dtype=np.uint8)
    start = -raw.ctypes.data % CACHE_LINE
    out = raw[start:start + a.nbytes].view(a.dtype).reshape(a.shape, order=order)
    out[...] = a
    return out
