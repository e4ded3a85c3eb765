"""descent: batch gradient descent kernels for linear regression, from numpy.

The kernels are C++ (scalar, SIMD and OpenMP implementations behind one interface); this
package calls them on numpy arrays without copying where the layout allows:

    import numpy as np, descent
    X = np.asfortranarray(X)                # (n, d), one contiguous column per feature: read in place
    impl = descent.Implementation("auto")
    loss, db, dw = impl.loss_and_gradient(X, y, b, w)
    loss, b, w = impl.descend(X, y, b, w, lr=0.1)
    result = descent.fit(X, y, lr=0.1, epochs=1000)    # result.b, result.w, result.train_loss, ...
    model = descent.LinearRegressionGD().fit(X, y)     # scikit-learn style

A C-ordered X with d > 1 is copied into descent's layout on every call; descent.Dataset(X, y)
makes that copy once for a loop.
"""
from ._descent import Dataset, Implementation, __version__, fit, implementations, info
from .estimator import LinearRegressionGD
from .placement import aligned

__all__ = ["Dataset", "Implementation", "LinearRegressionGD", "__version__", "aligned", "fit", "implementations", "info"]
