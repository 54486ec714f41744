"""Hidden activations g as small tables of in-place NumPy calls: A = g(Z) forward, and g'(Z)
for the backward pass, computed from A as the lesson does (ReLU's derivative is the mask A > 0)."""
from functools import partial
from typing import Callable, NamedTuple

import numpy as np


class Activation(NamedTuple):
    forward: Callable     # (Z, A, zeros) -> calls that write A = g(Z)
    derivative: Callable  # (A, out) -> calls that write g'(Z) into out, of dtype derivative_dtype
    derivative_dtype: type


def _relu_forward(z, a, zeros=0.0):
    # np.maximum(0, Z) as the lesson writes it (a NaN stays NaN). On arrays of a few thousand
    # numbers, a zeros array of Z's shape is several times faster than the scalar 0.
    return [partial(np.maximum, zeros, z, out=a)]


def _relu_derivative(a, out):
    # The lesson's np.int64(A > 0), kept as booleans: dA times a boolean mask has the lesson's
    # values (NaN and inf times 0 included); a 0-d zero is not converted on every call, as 0 is.
    return [partial(np.greater, a, np.zeros(()), out)]


def _tanh_forward(z, a, zeros=None):
    return [partial(np.tanh, z, a)]


def _tanh_derivative(a, out):
    # 1 - A**2; A**2 is A * A. Constants as arrays: a Python scalar costs more per call.
    return [partial(np.multiply, a, a, out), partial(np.subtract, np.ones_like(a), out, out)]


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


def sigmoid_ops(z, a, one=1.0):
    """The lesson's 1 / (1 + exp(-z)); exp may overflow to inf, giving exactly 0. A training
    loop passes `one` as an array of ones shaped like z: cheaper per call than the scalar."""
    return [partial(np.negative, z, a), partial(np.exp, a, a),
            partial(np.add, one, a, a), partial(np.divide, one, a, a)]


def sigmoid(z, out=None):
    out = np.empty_like(z) if out is None else out
    with np.errstate(over="ignore"):
        for op in sigmoid_ops(z, out):
            op()
    return out
