"""Lesson-style parameters for a named scheme, and the check of a learner's own.

Weights are drawn layer by layer, W1 then W2 ..., each as randn(n_l, n_prev) * scale
from one RandomState(seed), so the lesson's seed reproduces its numbers. Biases are zero.
The schemes' scale rules are in core/schemes.py.
"""
import numpy as np

from .schemes import DEFAULT_RANDOM_SCALE, LESSON_SEED, SCHEMES, check_name


def initialize(name, layers_dims, seed=LESSON_SEED, random_scale=DEFAULT_RANDOM_SCALE):
    """Lesson-style parameters {"W1": ..., "b1": ..., ...} for a named scheme."""
    check_name(name)
    scheme = SCHEMES[name]
    rng = None if scheme.scale is None else np.random.RandomState(seed)
    params = {}
    for l in range(1, len(layers_dims)):
        shape = (layers_dims[l], layers_dims[l - 1])
        if rng is None:
            params[f"W{l}"] = np.zeros(shape)
        else:
            params[f"W{l}"] = rng.randn(*shape) * scheme.scale(layers_dims[l - 1], random_scale)
        params[f"b{l}"] = np.zeros((layers_dims[l], 1))
    return params


def check_parameters(params, layers_dims, source="initializer"):
    """Validate a lesson-style parameter dict (e.g. from a learner's own function)."""
    if not isinstance(params, dict):
        raise TypeError(f"{source} must return a dict of W1, b1, ...; got {type(params).__name__}")
    for l in range(1, len(layers_dims)):
        for key, shape in ((f"W{l}", (layers_dims[l], layers_dims[l - 1])),
                           (f"b{l}", (layers_dims[l], 1))):
            if key not in params:
                raise ValueError(f"{source} returned no {key}")
            value = np.asarray(params[key])
            if value.shape != shape:
                raise ValueError(f"{source} returned {key} of shape {value.shape}; expected {shape}")
            if value.dtype == bool or not (np.issubdtype(value.dtype, np.integer)
                                           or np.issubdtype(value.dtype, np.floating)):
                raise TypeError(f"{source} returned {key} of dtype {value.dtype}; expected real numbers (float)")
            if not np.all(np.isfinite(value)):
                raise ValueError(f"{source} returned non-finite values in {key}")
    return params
