"""The lesson's training loop written plainly: dict parameters W1, b1, ..., WL, bL and one
function per step, in the lesson helpers' own order of operations (np.dot then + b; dZ[L]
carries the 1/m, so dW and db need none; ReLU's derivative as the integer mask a > 0).

It is the oracle core/network.py must match bit for bit (tests/test_lesson_loop.py) and the
plain loop benchmarks/core_speed.py times the core against. It generalises the lesson's three
layers to any depth and takes tanh as well as ReLU for the hidden layers.
"""
import numpy as np


def sigmoid(x):
    return 1 / (1 + np.exp(-x))


def relu(x):
    return np.maximum(0, x)


HIDDEN = {"relu": relu, "tanh": np.tanh}


def forward_propagation(X, parameters, activation="relu"):
    """(A[L], cache): the sigmoid output (1, m) and each layer's Z and A."""
    L = len(parameters) // 2
    cache = {"A0": X}
    A = X
    for l in range(1, L + 1):
        Z = np.dot(parameters[f"W{l}"], A) + parameters[f"b{l}"]  # Z[l] = W[l] A[l-1] + b[l]
        A = sigmoid(Z) if l == L else HIDDEN[activation](Z)  # A[l] = g(Z[l])
        cache[f"Z{l}"], cache[f"A{l}"] = Z, A
    return A, cache


def compute_loss(a3, Y):
    m = Y.shape[1]
    with np.errstate(divide="ignore", invalid="ignore"):
        logprobs = np.multiply(-np.log(a3), Y) + np.multiply(-np.log(1 - a3), 1 - Y)
    return 1. / m * np.nansum(logprobs)


def backward_propagation(X, Y, cache, parameters, activation="relu"):
    """{"dW1", "db1", ...}: gradients of the mean cross-entropy."""
    m = X.shape[1]
    L = len(parameters) // 2
    grads = {}
    dZ = 1. / m * (cache[f"A{L}"] - Y)  # dZ[L] = 1/m (A[L] - Y)
    for l in range(L, 0, -1):
        A_prev = cache[f"A{l - 1}"]
        grads[f"dW{l}"] = np.dot(dZ, A_prev.T)  # dW[l] = dZ[l] A[l-1].T
        grads[f"db{l}"] = np.sum(dZ, axis=1, keepdims=True)  # db[l] = sum of dZ[l] over the examples
        if l > 1:
            dA = np.dot(parameters[f"W{l}"].T, dZ)  # dA[l-1] = W[l].T dZ[l]
            if activation == "relu":
                dZ = np.multiply(dA, np.int64(A_prev > 0))  # dZ[l-1] = dA[l-1] * g'(Z[l-1])
            else:
                dZ = np.multiply(dA, 1 - A_prev ** 2)
    return grads


def update_parameters(parameters, grads, learning_rate):
    L = len(parameters) // 2
    for l in range(1, L + 1):
        parameters[f"W{l}"] = parameters[f"W{l}"] - learning_rate * grads[f"dW{l}"]
        parameters[f"b{l}"] = parameters[f"b{l}"] - learning_rate * grads[f"db{l}"]
    return parameters


def model(X, Y, parameters, num_iterations, learning_rate=0.01, activation="relu"):
    """(costs, parameters): the cost each iteration started from, and the trained parameters.
    `parameters` is not modified."""
    parameters = {key: np.array(value, dtype=float) for key, value in parameters.items()}
    costs = []
    for _ in range(num_iterations):
        a3, cache = forward_propagation(X, parameters, activation)
        costs.append(compute_loss(a3, Y))
        grads = backward_propagation(X, Y, cache, parameters, activation)
        parameters = update_parameters(parameters, grads, learning_rate)
    return np.array(costs), parameters
