"""descent.fit from Python: the closed form reached, the history, callbacks that record and stop."""
import numpy as np
import pytest

import descent


def closed_form(X, y):
    A = np.column_stack([np.ones(len(y)), X])
    theta = np.linalg.lstsq(A, y, rcond=None)[0]
    return theta[0], theta[1:]


def test_standardized_fit_reaches_the_closed_form_in_original_units(data):
    X, y = data
    result = descent.fit(X, y, lr=0.5, epochs=2000, standardize=True)
    b, w = closed_form(X, y)
    # Standardized, the Hessian's condition number is ~1 here: 2000 epochs at lr 0.5 shrink the
    # error by far more than float64 resolves. What is left is rounding, relative to w's scale.
    assert result.stop_reason == "epochs_done" and result.epochs_run == 2000
    np.testing.assert_allclose(result.w, w, rtol=1e-9)
    assert result.b == pytest.approx(b, rel=1e-9)
    assert result.train_loss.shape == (2000,) and result.val_loss is None
    assert np.all(np.diff(result.train_loss) <= 1e-12)  # below the stable bound the loss only falls


def test_validation_history_and_float32(data):
    X, y = data
    X32, y32 = X.astype(np.float32), y.astype(np.float32)
    result = descent.fit(X32[:150], y32[:150], lr=0.5, epochs=300, standardize=True, val=(X32[150:], y32[150:]))
    assert result.w.dtype == np.float32
    assert result.val_loss.shape == (300,) and np.isfinite(result.val_loss).all()
    with pytest.raises(TypeError, match="dtype"):
        descent.fit(X32, y32, val=(X[150:], y[150:]))


def test_callback_records_the_path_and_can_stop(data):
    X, y = data
    path = []

    def record(epoch, train_loss, val_loss, b, w):
        path.append((epoch, train_loss, b, w.copy()))
        return epoch < 25  # False stops

    result = descent.fit(X, y, lr=0.5, epochs=1000, standardize=True, callback=record)
    assert result.stop_reason == "callback" and result.epochs_run == 25
    assert [p[0] for p in path] == list(range(1, 26))
    assert path[-1][2] == result.b and np.array_equal(path[-1][3], result.w)


def test_callback_errors_and_bad_options_propagate(data):
    X, y = data

    def broken(*_):
        raise KeyError("from the callback")

    with pytest.raises(KeyError, match="from the callback"):
        descent.fit(X, y, lr=0.5, standardize=True, callback=broken)
    with pytest.raises(ValueError, match="learning rate"):
        descent.fit(X, y, lr=float("inf"))
    with pytest.raises(ValueError, match="unknown implementation"):
        descent.fit(X, y, implementation="gpu")


def test_tolerance_and_divergence(data):
    X, y = data
    early = descent.fit(X, y, lr=0.5, epochs=100000, tolerance=1e-12, standardize=True)
    assert early.stop_reason == "tolerance_reached" and early.epochs_run < 100000
    diverged = descent.fit(X, y, lr=10.0, epochs=1000)
    assert diverged.stop_reason == "diverged" and "stable" in diverged.message


def test_statistics_method_follows_the_pass_per_epoch_fit(data):
    """method='statistics' trains from the data's sufficient statistics: the same trajectory as
    a pass per epoch within the bound derived in docs/accuracy.md. For the loss that is
    (74 + d) u (Z / e)^2 of it, Z the terms of e in absolute value: about 60 here (|w_j| times
    x_j's spread, and y's), against e of about 0.11 at the end, so 2.5e-9; the parameters
    differ far less (the contraction keeps each epoch's difference). Mini-batches are refused."""
    X, y = data
    kwargs = dict(lr=0.01, epochs=300, val=(X[:50], y[:50]))
    passes = descent.fit(X, y, **kwargs)
    statistics = descent.fit(X, y, method="statistics", **kwargs)
    assert statistics.epochs_run == passes.epochs_run and statistics.stop_reason == passes.stop_reason
    np.testing.assert_allclose(statistics.train_loss, passes.train_loss, rtol=5e-9)
    np.testing.assert_allclose(statistics.val_loss, passes.val_loss, rtol=5e-9)
    np.testing.assert_allclose(statistics.w, passes.w, rtol=5e-9)
    with pytest.raises(ValueError, match="full batch"):
        descent.fit(X, y, method="statistics", batch_size=10)
    with pytest.raises(ValueError, match="method must be 'pass'"):
        descent.fit(X, y, method="closed_form")
