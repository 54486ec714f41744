"""Argument checks shared by the config and the lesson API: name the parameter and the allowed range."""
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


def learning_rate(value):
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"learning_rate must be a number; got {value!r}")
    if not (np.isfinite(value) and value > 0):
        raise ValueError(f"learning_rate must be finite and > 0; got {value}")
    return float(value)


def iterations(value, name="num_iterations"):
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an integer; got {value!r}")
    if value < 0:
        raise ValueError(f"{name} must be >= 0; got {value}")
    return int(value)


def seed(value, name="seed"):
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an integer; got {value!r}")
    if not 0 <= value < 2**32 - 1:
        raise ValueError(f"{name} must be in [0, 2**32 - 2]; got {value}")
    return int(value)


def noise(value):
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"noise must be a number; got {value!r}")
    if not (np.isfinite(value) and 0 <= value <= 1):
        raise ValueError(f"noise must be between 0 and 1; got {value}")
    return float(value)


def n_samples(value, minimum=6):
    value = iterations(value, "n_samples")
    if value < minimum:
        raise ValueError(f"n_samples must be at least {minimum}; got {value}")
    return value


def positive_number(value, name):
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a number; got {value!r}")
    if not (np.isfinite(value) and value > 0):
        raise ValueError(f"{name} must be finite and > 0; got {value}")
    return float(value)


def data(X, Y):
    """X (n_features, m) of finite floats and Y (1, m) of 0/1 labels."""
    X = np.asarray(X)
    Y = np.asarray(Y)
    if X.ndim != 2:
        raise ValueError(f"X must be 2-D (features, examples); got shape {X.shape}")
    if Y.ndim != 2 or Y.shape[0] != 1:
        raise ValueError(f"Y must have shape (1, m); got {Y.shape}")
    if Y.shape[1] != X.shape[1]:
        raise ValueError(f"X and Y must have the same number of examples; got X {X.shape} and Y {Y.shape}")
    if not np.issubdtype(X.dtype, np.number) or not np.all(np.isfinite(X)):
        raise ValueError("X must hold finite numbers")
    if not np.isin(Y, (0, 1)).all():
        bad = np.unique(Y[~np.isin(Y, (0, 1))])[:5]
        raise ValueError(f"Y labels must be 0 or 1; found {bad.tolist()}")
    return X.astype(float, copy=False), Y
