"""Hidden activations as (function, derivative from the activation's own output)."""
import numpy as np


def _relu(z, out):
    return np.maximum(z, 0, out=out)


def _relu_grad(a, da, out, tmp):
    # The lesson masks by a > 0; multiplying by the boolean mask keeps its rounding.
    np.greater(a, 0, out=tmp)
    return np.multiply(da, tmp, out=out)


def _tanh(z, out):
    return np.tanh(z, out=out)


def _tanh_grad(a, da, out, tmp):
    np.multiply(a, a, out=tmp)
    np.subtract(1.0, tmp, out=tmp)
    return np.multiply(da, tmp, out=out)


# name -> (forward, backward, dtype of the backward scratch buffer)
ACTIVATIONS = {
    "relu": (_relu, _relu_grad, bool),
    "tanh": (_tanh, _tanh_grad, float),
}


def check_activation(name):
    if name not in ACTIVATIONS:
        raise ValueError(f"activation must be one of {', '.join(ACTIVATIONS)}; got {name!r}")


def sigmoid(z, out=None):
    """The lesson's 1 / (1 + exp(-z)), written in place; exp may overflow to inf -> 0."""
    out = np.negative(z, out=out)
    with np.errstate(over="ignore"):
        np.exp(out, out=out)
    out += 1.0
    return np.divide(1.0, out, out=out)
