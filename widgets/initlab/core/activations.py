"""Hidden activations g as small tables of in-place NumPy calls: A = g(Z) forward, and g'(Z)
for the backward pass, computed from A as the lesson does (ReLU's derivative is the mask A > 0)."""
from functools import partial
from typing import Callable, NamedTuple

import numpy as np


class Activation(NamedTuple):
    forward: Callable     # (Z, A) -> calls that write A = g(Z)
    derivative: Callable  # (A, out) -> calls that write g'(Z) into out
    derivative_dtype: type


def _relu_forward(z, a):
    # np.maximum(0, Z) as the lesson writes it: a NaN stays NaN.
    return [partial(np.maximum, z, 0.0, out=a)]


def _relu_derivative(a, out):
    # A boolean mask: multiplying by it rounds as the lesson's multiply by np.int64(A > 0) does.
    return [partial(np.greater, a, 0.0, out)]


def _tanh_forward(z, a):
    return [partial(np.tanh, z, a)]


def _tanh_derivative(a, out):
    # 1 - A**2; A**2 is A * A.
    return [partial(np.multiply, a, a, out), partial(np.subtract, 1.0, out, out)]


ACTIVATIONS = {
    "relu": Activation(_relu_forward, _relu_derivative, bool),
    "tanh": Activation(_tanh_forward, _tanh_derivative, float),
}


def check_activation(name):
    if name not in ACTIVATIONS:
        raise ValueError(f"activation must be one of {', '.join(ACTIVATIONS)}; got {name!r}")


def apply(name, z, out=None):
    """The activation of z, computed with the same calls the training loop uses."""
    out = np.empty_like(z) if out is None else out
    for op in ACTIVATIONS[name].forward(z, out):
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
