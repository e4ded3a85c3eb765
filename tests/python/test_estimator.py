"""LinearRegressionGD inside scikit-learn: a Pipeline after StandardScaler, against LinearRegression."""
import numpy as np
import pytest
from sklearn.base import clone
from sklearn.linear_model import LinearRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

import descent


@pytest.mark.parametrize("method", ["pass", "statistics"])
def test_pipeline_matches_linear_regression(data, method):
    X, y = data
    model = descent.LinearRegressionGD(learning_rate=0.5, max_iter=2000, method=method)
    ours = make_pipeline(StandardScaler(), model).fit(X, y)
    theirs = make_pipeline(StandardScaler(), LinearRegression()).fit(X, y)
    gd, ls = ours[-1], theirs[-1]
    # To convergence (see test_fit.py): the same coefficients up to float64 rounding.
    np.testing.assert_allclose(gd.coef_, ls.coef_, rtol=1e-9)
    assert gd.intercept_ == pytest.approx(ls.intercept_, rel=1e-9)
    np.testing.assert_allclose(ours.predict(X), theirs.predict(X), rtol=1e-9)
    assert ours.score(X, y) == pytest.approx(theirs.score(X, y), rel=1e-12)
    assert gd.n_iter_ == 2000 and gd.n_features_in_ == 3


def test_estimator_protocol():
    model = descent.LinearRegressionGD(learning_rate=0.05, tol=1e-9)
    assert model.get_params() == {"learning_rate": 0.05, "max_iter": 1000, "tol": 1e-9, "batch_size": 0,
                                  "implementation": "auto", "method": "pass"}
    copy = clone(model)
    assert copy.get_params() == model.get_params() and copy is not model
    assert model.set_params(max_iter=5).max_iter == 5
    with pytest.raises(ValueError, match="no parameter 'alpha'"):
        model.set_params(alpha=1.0)
    with pytest.raises(ValueError, match="not fitted"):
        descent.LinearRegressionGD().predict(np.zeros((2, 1)))
    with pytest.raises(ValueError, match="stable"):
        descent.LinearRegressionGD(learning_rate=100.0).fit(np.arange(10.0), np.arange(10.0))
    fitted = descent.LinearRegressionGD(learning_rate=0.3, max_iter=3000).fit([[0.0], [1.0], [2.0]], [1, 3, 5])
    assert fitted.predict([[3.0]])[0] == pytest.approx(7.0)
