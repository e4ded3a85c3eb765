"""LinearRegressionGD: descent.fit behind scikit-learn's estimator interface, so it drops into a
Pipeline (after a StandardScaler, as the book standardizes) without scikit-learn installed."""
import numpy as np

from ._descent import fit as _fit


class LinearRegressionGD:
    """Linear regression trained by batch gradient descent on the mse.

    Parameters: learning_rate, max_iter (epochs), tol (stop when the training loss changes by
    less; None runs every epoch), batch_size (0: full batch), implementation (a descent name),
    method ('pass': a pass over the rows each epoch; 'statistics': full batch from the data's
    sufficient statistics, one pass, then O(d^2) an epoch).
    After fit: coef_, intercept_, n_iter_, stop_reason_, loss_curve_.
    """

    _parameters = ("learning_rate", "max_iter", "tol", "batch_size", "implementation", "method")

    def __init__(self, learning_rate=0.1, max_iter=1000, tol=None, batch_size=0, implementation="auto", method="pass"):
        self.learning_rate = learning_rate
        self.max_iter = max_iter
        self.tol = tol
        self.batch_size = batch_size
        self.implementation = implementation
        self.method = method

    def get_params(self, deep=True):
        return {name: getattr(self, name) for name in self._parameters}

    def set_params(self, **params):
        for name, value in params.items():
            if name not in self._parameters:
                raise ValueError(f"LinearRegressionGD has no parameter {name!r}; it has {', '.join(self._parameters)}")
            setattr(self, name, value)
        return self

    def __repr__(self):
        changed = [f"{k}={v!r}" for k, v in self.get_params().items() if v != type(self)().get_params()[k]]
        return f"LinearRegressionGD({', '.join(changed)})"

    @staticmethod
    def _matrix(X):
        X = np.asarray(X)
        if X.dtype not in (np.float32, np.float64):
            X = X.astype(np.float64)
        if X.ndim == 1:
            X = X.reshape(-1, 1)
        return np.asfortranarray(X)  # a column per feature: what the kernels read in place

    def fit(self, X, y):
        X = self._matrix(X)
        y = np.ascontiguousarray(y, dtype=X.dtype)
        result = _fit(X, y, lr=self.learning_rate, epochs=self.max_iter, batch_size=self.batch_size,
                      tolerance=self.tol, implementation=self.implementation, method=self.method)
        if result.stop_reason == "diverged":
            raise ValueError(result.message)
        self.coef_ = np.asarray(result.w, dtype=np.float64)
        self.intercept_ = float(result.b)
        self.n_iter_ = result.epochs_run
        self.stop_reason_ = result.stop_reason
        self.loss_curve_ = result.train_loss
        self.n_features_in_ = X.shape[1]
        return self

    def predict(self, X):
        if not hasattr(self, "coef_"):
            raise ValueError("this LinearRegressionGD is not fitted yet: call fit first")
        X = self._matrix(X)
        if X.shape[1] != self.n_features_in_:
            raise ValueError(f"X has {X.shape[1]} features, the model was fitted on {self.n_features_in_}")
        return X @ self.coef_ + self.intercept_

    def score(self, X, y):
        """R^2, as scikit-learn's regressors score."""
        y = np.asarray(y, dtype=np.float64)
        residual = ((y - self.predict(X)) ** 2).sum()
        total = ((y - y.mean()) ** 2).sum()
        return 1 - residual / total
