"""The lesson's own function names and signatures, as a thin face over initlab.core.

Use it as the lesson's notebook does: load_dataset, initialize_parameters_*,
model, predict. The math lives in core.network; nothing here reimplements it.
"""
import numpy as np

from .core import fields, validation
from .core.datasets import make_dataset
from .core.initializers import initialize
from .core.network import Network, lesson_cost
from .core.schemes import LESSON_SEED

__all__ = ["load_dataset", "initialize_parameters_zeros", "initialize_parameters_random",
           "initialize_parameters_he", "initialize_parameters_xavier", "forward_propagation",
           "compute_loss", "backward_propagation", "update_parameters", "model", "predict",
           "predict_dec", "LESSON_SEED"]

_INITIALIZERS = {}


def load_dataset():
    """The lesson's circles: train_X (2, 300), train_Y (1, 300), test_X (2, 100), test_Y (1, 100)."""
    d = make_dataset("circles", n_samples=300, noise=0.05, seed=1)
    return d.train_X, d.train_Y, d.test_X, d.test_Y


def _initializer(name):
    def init(layers_dims):
        return initialize(name, validation.layers_dims(layers_dims), seed=LESSON_SEED)
    init.__name__ = f"initialize_parameters_{name}"
    init.__doc__ = f"{name} initialization of every W (seed {LESSON_SEED}); biases zero."
    _INITIALIZERS[name] = init
    return init


initialize_parameters_zeros = _initializer("zeros")
initialize_parameters_random = _initializer("random")
initialize_parameters_he = _initializer("he")
initialize_parameters_xavier = _initializer("xavier")


def _checked(X, parameters):
    """(X as floats, layers_dims), or an error naming what does not fit."""
    dims = validation.parameters(parameters)
    if dims[-1] != 1:
        raise ValueError(f"parameters['W{len(dims) - 1}'] must have 1 row (one sigmoid output); got {dims[-1]}")
    return validation.features(X, dims[0]), dims


def forward_propagation(X, parameters):
    """Returns (a_L, cache): the sigmoid output (1, m) and what backward_propagation needs."""
    X, dims = _checked(X, parameters)
    net = Network([parameters], dims, X, np.zeros((1, X.shape[1])))
    with np.errstate(over="ignore", under="ignore"):
        net.forward()
    return net.A[-1][0].copy(), net


def compute_loss(a3, Y):
    """The lesson's cross-entropy; inf when a sigmoid output is exactly 0 or 1."""
    return lesson_cost(np.asarray(a3), np.asarray(Y))[0]


def backward_propagation(X, Y, cache):
    """Gradients {"dW1", "db1", ...} of the mean cross-entropy, from forward_propagation's cache."""
    net = cache
    net.Y[...] = np.asarray(Y).reshape(net.Y.shape)
    net.backward()
    grads = {}
    for l in range(1, net.L + 1):
        grads[f"dW{l}"] = net.dW[l][0].copy()
        grads[f"db{l}"] = net.db[l][:, 0].copy()
    return grads


def update_parameters(parameters, grads, learning_rate):
    """One gradient-descent step; returns new arrays."""
    L = len(parameters) // 2
    return {f"{p}{l}": parameters[f"{p}{l}"] - learning_rate * grads[f"d{p}{l}"]
            for l in range(1, L + 1) for p in "Wb"}


def model(X, Y, learning_rate=0.01, num_iterations=15000, print_cost=True, initialization="he"):
    """Train the lesson's [n_x, 10, 5, 1] ReLU network and return its parameters."""
    X, Y = validation.data(X, Y)
    learning_rate = fields.LEARNING_RATE.check(learning_rate)
    num_iterations = validation.count(num_iterations, "num_iterations")
    if initialization not in _INITIALIZERS:
        raise ValueError(f"initialization must be one of {', '.join(_INITIALIZERS)}; got {initialization!r}")
    layers_dims = [X.shape[0], 10, 5, 1]
    parameters = _INITIALIZERS[initialization](layers_dims)
    net = Network([parameters], layers_dims, X, Y)
    records = net.train(num_iterations, learning_rate, record_every=1000 if print_cost else 0)
    for i, cost, _stable in records:
        print("Cost after iteration {}: {}".format(i, cost[0]))
    return net.parameters(0)


def predict(X, y, parameters):
    """Prints the accuracy and returns the (1, m) 0/1 predictions."""
    X, y = validation.data(X, y)
    p = predict_dec(parameters, X).astype(int)
    print("Accuracy: " + str(np.mean(p[0, :] == y[0, :])))
    return p


def predict_dec(parameters, X):
    """Boolean (1, m) predictions: output probability > 0.5."""
    X, dims = _checked(X, parameters)
    net = Network([parameters], dims, np.zeros((len(X), 1)), np.zeros((1, 1)))
    return net.predictions(X).astype(bool)
