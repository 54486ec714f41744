"""Hidden activations as small tables of in-place NumPy calls: forward, and backward
from the activation's own output (the lesson masks ReLU by a > 0)."""
from functools import partial

import numpy as np


def _relu_forward(z, a):
    # fmax: same values as maximum for numbers, faster, and it takes a positional out.
    return [partial(np.fmax, z, 0.0, a)]


def _relu_backward(a, da, dz, mask):
    # Outputs are passed positionally: a keyword would cost a dict merge on every call.
    # Multiplying by the boolean mask keeps the lesson's rounding (it multiplies by int64(a > 0)).
    return [partial(np.greater, a, 0.0, mask), partial(np.multiply, da, mask, dz)]


def _tanh_forward(z, a):
    return [partial(np.tanh, z, a)]


def _tanh_backward(a, da, dz, tmp):
    return [partial(np.multiply, a, a, tmp), partial(np.subtract, 1.0, tmp, tmp),
            partial(np.multiply, da, tmp, dz)]


# name -> (forward op builder, backward op builder, dtype of the backward scratch buffer)
ACTIVATIONS = {
    "relu": (_relu_forward, _relu_backward, bool),
    "tanh": (_tanh_forward, _tanh_backward, float),
}


def check_activation(name):
    if name not in ACTIVATIONS:
        raise ValueError(f"activation must be one of {', '.join(ACTIVATIONS)}; got {name!r}")


def apply(name, z, out=None):
    """The activation of z, computed with the same calls the training loop uses."""
    out = np.empty_like(z) if out is None else out
    for op in ACTIVATIONS[name][0](z, out):
        op()
    return out


def sigmoid_ops(z, a):
    """The lesson's 1 / (1 + exp(-z)); exp may overflow to inf, giving exactly 0."""
    return [partial(np.negative, z, a), partial(np.exp, a, a),
            partial(np.add, a, 1.0, a), partial(np.divide, 1.0, a, a)]


def sigmoid(z, out=None):
    out = np.empty_like(z) if out is None else out
    with np.errstate(over="ignore"):
        for op in sigmoid_ops(z, out):
            op()
    return out
