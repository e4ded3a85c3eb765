"""The module under test is the build tree's (ctest sets PYTHONPATH=build/python)."""
import numpy as np
import pytest


@pytest.fixture
def data():
    """200 rows, 3 features on different scales, y = 1 + X [2, -3, 0.5] + noise; X column-major."""
    rng = np.random.default_rng(42)
    X = np.asfortranarray(rng.standard_normal((200, 3)) * [1.0, 10.0, 0.1])
    y = 1 + X @ np.array([2.0, -3.0, 0.5]) + 0.1 * rng.standard_normal(200)
    return X, y
