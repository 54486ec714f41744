"""Checks of what is not a Config field (core/fields.py declares those): the lesson API's arrays,
parameters and layer sizes, and step counts. Each names the argument and what it allows."""
import numbers

import numpy as np


def layers_dims(value, input_size=None):
    if isinstance(value, (str, bytes)) or not hasattr(value, "__iter__"):
        raise TypeError(f"layers_dims must be a list of layer sizes; got {value!r}")
    dims = list(value)
    if len(dims) < 2:
        raise ValueError(f"layers_dims needs at least 2 sizes (input and output); got {dims}")
    for n in dims:
        if isinstance(n, bool) or not isinstance(n, numbers.Integral):
            raise TypeError(f"layers_dims entries must be integers; got {n!r} in {dims}")
        if n < 1:
            raise ValueError(f"layers_dims entries must be at least 1; got {n} in {dims}")
    if input_size is not None and dims[0] != input_size:
        raise ValueError(f"layers_dims[0] must equal the number of input features ({input_size}); got {dims[0]}")
    return tuple(int(n) for n in dims)


def count(value, name):
    """A whole number of steps or an iteration index, 0 or more (not a Config field: no upper limit)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an integer; got {value!r}")
    if value < 0:
        raise ValueError(f"{name} must be >= 0; got {value}")
    return int(value)


def features(X, n_features, name="X"):
    """X as a 2-D float array (features, examples) with n_features rows and at least one example."""
    X = np.asarray(X)
    if X.ndim != 2:
        raise ValueError(f"{name} must be 2-D (features, examples); got shape {X.shape}")
    if X.shape[1] == 0:
        raise ValueError(f"{name} has no examples: shape {X.shape}")
    if n_features is not None and X.shape[0] != n_features:
        raise ValueError(f"{name} has {X.shape[0]} features (rows) but the parameters expect {n_features} "
                         f"(W1 has shape (n_1, {n_features})); got {name} of shape {X.shape}")
    if not np.issubdtype(X.dtype, np.number) or np.issubdtype(X.dtype, np.complexfloating) \
            or not np.all(np.isfinite(X)):
        raise ValueError(f"{name} must hold finite real numbers")
    return X.astype(float, copy=False)


def parameters(params, name="parameters"):
    """A lesson-style dict W1, b1, ..., WL, bL with chained shapes; returns layers_dims."""
    if not isinstance(params, dict):
        raise TypeError(f"{name} must be a dict of W1, b1, W2, b2, ...; got {type(params).__name__}")
    L = sum(1 for k in params if isinstance(k, str) and k.startswith("W"))
    expected = {f"{p}{l}" for l in range(1, L + 1) for p in "Wb"}
    missing, extra = sorted(expected - set(params)), sorted(map(str, set(params) - expected))
    if L == 0 or missing or extra:
        raise ValueError(f"{name} must hold exactly W1, b1, ..., W{max(L, 1)}, b{max(L, 1)}"
                         + (f"; missing {missing}" if missing or L == 0 else "")
                         + (f"; unexpected {extra}" if extra else ""))
    dims = []
    for l in range(1, L + 1):
        W, b = (np.asarray(params[f"{p}{l}"]) for p in "Wb")
        for key, a in ((f"W{l}", W), (f"b{l}", b)):
            if not _real(a):
                raise TypeError(f"{name}[{key!r}] must hold real numbers; got dtype {a.dtype}")
        if W.ndim != 2:
            raise ValueError(f"{name}['W{l}'] must be 2-D; got shape {W.shape}")
        if l == 1:
            dims.append(W.shape[1])
        elif W.shape[1] != dims[-1]:
            raise ValueError(f"{name}['W{l}'] has shape {W.shape}; expected {dims[-1]} columns "
                             f"(W{l - 1} has {dims[-1]} rows)")
        if b.shape not in ((W.shape[0], 1), (W.shape[0],)):
            raise ValueError(f"{name}['b{l}'] has shape {b.shape}; expected {(W.shape[0], 1)}")
        dims.append(W.shape[0])
    return dims


def _real(a):
    return a.dtype != bool and (np.issubdtype(a.dtype, np.integer) or np.issubdtype(a.dtype, np.floating))


def data(X, Y):
    """X (n_features, m) of finite floats and Y (1, m) of 0/1 labels."""
    X = features(X, None)
    Y = np.asarray(Y)
    if Y.ndim != 2 or Y.shape[0] != 1:
        raise ValueError(f"Y must have shape (1, m); got {Y.shape}")
    if Y.shape[1] != X.shape[1]:
        raise ValueError(f"X and Y must have the same number of examples; got X {X.shape} and Y {Y.shape}")
    if not np.isin(Y, (0, 1)).all():
        bad = np.unique(Y[~np.isin(Y, (0, 1))])[:5]
        raise ValueError(f"Y labels must be 0 or 1; found {bad.tolist()}")
    return X.astype(float, copy=False), Y
