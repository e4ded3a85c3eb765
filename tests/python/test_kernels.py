"""The kernels from Python: against numpy in float64, in place where the layout allows, every
error as a Python exception with the library's words, and the GIL released while they run."""
import inspect
import sys
import threading
import time

import numpy as np
import pytest

import descent

SUPPORTED = [i["name"] for i in descent.implementations() if i["supported"]]

# Errors are measured as docs/accuracy.md defines them: relative to the same mean with every
# term in absolute value (the terms of e = b + X w - y counting too), against which descent's
# targets are 1e-14 for float64 and 1e-6 for float32. numpy's float64 reference adds its own:
# X.T @ e is a plain dot product, n u = 200 x 1.1e-16 = 2.2e-14 at worst. Hence 5e-14 and 1e-6.
RTOL_F64 = 5e-14
RTOL_F32 = 1e-6


def numpy_reference(X, y, b, w):
    """predict, loss, db, dw in float64, and the scale of each (every term in absolute value)."""
    X, y = X.astype(np.float64), y.astype(np.float64)
    error = b + X @ w - y
    terms = abs(b) + abs(X) @ abs(w)
    error_terms = terms + abs(y)
    values = {"predict": b + X @ w, "loss": (error ** 2).mean(), "db": 2 * error.mean(), "dw": 2 * X.T @ error / len(y)}
    scales = {"predict": terms, "loss": (error_terms ** 2).mean(), "db": 2 * error_terms.mean(),
              "dw": 2 * abs(X).T @ error_terms / len(y)}
    return values, scales


def assert_close(got, want, scale, rtol):
    assert np.all(np.abs(np.asarray(got, dtype=np.float64) - want) <= rtol * scale), (got, want, scale)


@pytest.mark.parametrize("name", SUPPORTED)
@pytest.mark.parametrize("order", ["F", "C"])
def test_every_kernel_agrees_with_numpy(data, name, order):
    X, y = np.array(data[0], order=order), data[1]
    impl = descent.Implementation(name)
    b, w = 0.5, np.array([1.0, -1.0, 2.0])
    want, scale = numpy_reference(X, y, b, w)
    assert_close(impl.predict(X, b, w), want["predict"], scale["predict"], RTOL_F64)
    assert_close(impl.mse(X, y, b, w), want["loss"], scale["loss"], RTOL_F64)
    db, dw = impl.gradient(X, y, b, w)
    assert_close(db, want["db"], scale["db"], RTOL_F64)
    assert_close(dw, want["dw"], scale["dw"], RTOL_F64)
    loss, db, dw = impl.loss_and_gradient(X, y, b, w)
    assert_close(loss, want["loss"], scale["loss"], RTOL_F64)
    assert_close(db, want["db"], scale["db"], RTOL_F64)
    assert_close(dw, want["dw"], scale["dw"], RTOL_F64)
    loss, new_b, new_w = impl.descend(X, y, b, w, 0.01)
    assert_close(loss, want["loss"], scale["loss"], RTOL_F64)
    assert_close(new_b, b - 0.01 * want["db"], 0.01 * scale["db"] + abs(b) * 1e-16, RTOL_F64)
    assert_close(new_w, w - 0.01 * want["dw"], 0.01 * scale["dw"] + abs(w) * 1e-16, RTOL_F64)


@pytest.mark.parametrize("name", SUPPORTED)
def test_float32(data, name):
    X, y = data[0].astype(np.float32), data[1].astype(np.float32)
    impl = descent.Implementation(name)
    w = np.array([1.0, -1.0, 2.0], dtype=np.float32)
    want, scale = numpy_reference(X, y, 0.5, w.astype(np.float64))
    loss, db, dw = impl.loss_and_gradient(X, y, 0.5, w)
    assert dw.dtype == np.float32
    assert_close(loss, want["loss"], scale["loss"], RTOL_F32)
    assert_close(db, want["db"], scale["db"], RTOL_F32)
    assert_close(dw, want["dw"], scale["dw"], RTOL_F32)


def test_one_feature_takes_a_number_for_w():
    x = np.linspace(0, 1, 100)
    y = 1 + 2 * x
    impl = descent.Implementation("scalar")
    assert impl.mse(x, y, 1.0, 2.0) == pytest.approx(0, abs=1e-28)
    loss, b, w = impl.descend(x, y, 0.0, 0.0, 0.1)
    assert isinstance(loss, float) and isinstance(b, float) and w.shape == (1,)


def test_column_major_arrays_are_read_in_place(data):
    X, y = data
    kept = descent.Dataset(X, y)
    assert not kept.copied
    assert kept.feature_address(0) == X.ctypes.data
    assert kept.feature_address(2) == X.ctypes.data + 2 * X.shape[0] * X.itemsize
    impl = descent.Implementation("simd")
    before = impl.mse(kept, 0.0, [1.0, 0.0, 0.0])
    X[:, 0] += 1.0  # the Dataset reads the caller's memory: the change shows
    assert impl.mse(kept, 0.0, [1.0, 0.0, 0.0]) != before
    one = np.ascontiguousarray(X[:, 0])
    assert descent.Dataset(one, y).feature_address(0) == one.ctypes.data


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("order", ["F", "C"])
def test_aligned_copies_start_on_a_line_and_give_the_same_bits(data, dtype, order):
    for start in range(1, 9):  # the original starts `start` values into a line, aligned or not
        raw = np.empty(data[0].size + 64, dtype=dtype)
        X = raw[start:start + data[0].size].reshape(data[0].shape, order=order)
        X[...] = data[0]
        y = data[1].astype(dtype)
        A, ay = descent.aligned(X), descent.aligned(y)
        assert A.ctypes.data % 64 == 0 and ay.ctypes.data % 64 == 0
        assert A.dtype == X.dtype and A.shape == X.shape and np.array_equal(A, X)
        assert A.flags.f_contiguous == X.flags.f_contiguous and A.flags.c_contiguous == X.flags.c_contiguous
        assert not np.shares_memory(A, X)
        impl = descent.Implementation("simd")
        b, w = 0.5, np.array([1.0, -1.0, 2.0], dtype=dtype)
        for got, want in zip(impl.loss_and_gradient(A, ay, b, w), impl.loss_and_gradient(X, y, b, w)):
            assert np.array_equal(got, want)  # where the data lies decides nothing in the sums
    assert descent.aligned(np.empty(0)).size == 0


def test_row_major_arrays_are_copied_once_into_a_dataset(data):
    X, y = np.ascontiguousarray(data[0]), data[1]
    kept = descent.Dataset(X, y)
    assert kept.copied and (kept.n, kept.d, kept.dtype) == (200, 3, "float64")
    impl = descent.Implementation("auto")
    assert impl.mse(kept, 0.5, [1.0, 1.0, 1.0]) == impl.mse(np.asfortranarray(X), y, 0.5, [1.0, 1.0, 1.0])


def test_bad_input_raises_with_the_librarys_words(data):
    X, y = data
    impl = descent.Implementation()
    with pytest.raises(TypeError, match="float64 arrays"):
        impl.mse(X.astype(np.int64), y, 0.0, [0.0] * 3)
    with pytest.raises(TypeError, match="float32 arrays"):
        impl.mse(X.astype(np.float32), y, 0.0, [0.0] * 3)
    with pytest.raises(ValueError, match="X has 200 rows but y has 199"):
        impl.mse(X, y[:-1], 0.0, [0.0] * 3)
    with pytest.raises(ValueError, match="n = 0"):
        impl.mse(X[:0], y[:0], 0.0, [0.0] * 3)
    with pytest.raises(ValueError, match="w has 2 values but X has d = 3"):
        impl.mse(X, y, 0.0, [0.0] * 2)
    with pytest.raises(ValueError, match=r"shape \(n, d\) or \(n,\)"):
        impl.mse(np.zeros((2, 2, 2)), np.zeros(2), 0.0, [0.0] * 2)
    with pytest.raises(ValueError, match="learning rate"):
        impl.descend(X, y, 0.0, [0.0] * 3, float("nan"))
    with pytest.raises(ValueError, match="learning rate"):
        impl.descend(X, y, 0.0, [0.0] * 3, -0.1)
    with pytest.raises(ValueError, match="unknown implementation 'fastest'; known: auto, simd_omp"):
        descent.Implementation("fastest")


def test_arguments_by_keyword_and_their_errors(data):
    """The kernel methods are called as Python functions are: by position or keyword, on arrays
    or on a descent.Dataset, and a wrong call is a TypeError naming the method and the argument."""
    X, y = data
    impl = descent.Implementation("scalar")
    w = np.array([1.0, -1.0, 0.5])
    want = impl.descend(X, y, 0.5, w, 0.1)
    for got in (impl.descend(X=X, y=y, b=0.5, w=w, lr=0.1), impl.descend(X, y, 0.5, lr=0.1, w=w),
                impl.descend(descent.Dataset(X, y), 0.5, w, 0.1), impl.descend(data=descent.Dataset(X, y), b=0.5, w=w, lr=0.1)):
        assert got[0] == want[0] and got[1] == want[1] and np.array_equal(got[2], want[2])
    assert impl.predict(X=X, b=0.5, w=w).shape == (200,)
    with pytest.raises(TypeError, match=r"descend\(\) missing argument 'lr'"):
        impl.descend(X, y, 0.5, w)
    with pytest.raises(TypeError, match=r"mse\(\) takes 4 arguments but 5 were given"):
        impl.mse(X, y, 0.5, w, 0.1)
    with pytest.raises(TypeError, match=r"mse\(\) got an unexpected keyword argument 'weights'"):
        impl.mse(X, y, 0.5, weights=w)
    with pytest.raises(TypeError, match=r"mse\(\) got multiple values for argument 'b'"):
        impl.mse(X, y, 0.5, w, b=0.5)
    with pytest.raises(TypeError, match="X must be a numpy array .* got list"):
        impl.mse(X.tolist(), y, 0.5, w)
    with pytest.raises(TypeError, match="y must be a numpy array .* got NoneType"):
        impl.mse(X, None, 0.5, w)
    with pytest.raises(TypeError, match="b must be a number, got str"):
        impl.mse(X, y, "0.5", w)
    with pytest.raises(TypeError, match="data must be a descent.Dataset, got numpy.ndarray"):
        impl.mse(data=X, b=0.5, w=w)
    with pytest.raises(TypeError, match="float64 arrays, got >f8"):
        impl.mse(X.astype(">f8"), y, 0.5, w)
    assert str(inspect.signature(impl.descend)) == "(X, y, b, w, lr)"


@pytest.mark.parametrize("call", ["descend", "fit"])
def test_the_gil_is_released_while_kernels_run(call):
    """Another Python thread keeps running during one long call: the longest pause between its
    loop turns stays far below the call's length (holding the GIL, it would be all of it).

    With the GIL released the main loop still waits for it while the worker runs Python (before
    and after the call), up to one switch interval each time. The interval is set to 1 ms here,
    and the call must last 20 of them, so those waits stay under a tenth of the bound (half the
    call)."""
    n = 1 << 22
    X, y = np.linspace(0, 1, n), np.linspace(1, 3, n)
    impl = descent.Implementation("scalar")
    if call == "descend":
        X, y = np.tile(X, 8), np.tile(y, 8)  # one call of 2^25 rows
        run = lambda: impl.descend(X, y, 0.0, 0.0, 0.1)
    else:
        run = lambda: descent.fit(X, y, lr=0.1, epochs=60, implementation="scalar")
    finished, seconds = threading.Event(), []

    def worker():
        begin = time.perf_counter()
        run()
        seconds.append(time.perf_counter() - begin)
        finished.set()

    # The clock starts before the worker does: a call that held the GIL from its first moment
    # would keep this loop from its first turn, and that turn's pause would be the whole call.
    switch_interval, default_interval = 0.001, sys.getswitchinterval()
    sys.setswitchinterval(switch_interval)
    try:
        thread = threading.Thread(target=worker)
        longest_pause, last = 0.0, time.perf_counter()
        thread.start()
        while not finished.is_set():
            now = time.perf_counter()
            longest_pause, last = max(longest_pause, now - last), now
        thread.join()
    finally:
        sys.setswitchinterval(default_interval)
    assert seconds[0] > 20 * switch_interval, "the call was too short to tell"
    assert longest_pause < seconds[0] / 2, (longest_pause, seconds[0])


def test_thread_count_per_implementation(data):
    X, y = data
    capped = descent.Implementation("simd_omp", threads=1)
    assert "at most 1 threads" in capped.description
    assert capped.mse(X, y, 0.5, [1.0, 1.0, 1.0]) == descent.Implementation("simd_omp").mse(X, y, 0.5, [1.0, 1.0, 1.0])
    with pytest.raises(ValueError, match="at least 1"):
        descent.Implementation("auto", threads=0)
