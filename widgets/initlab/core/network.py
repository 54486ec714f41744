"""K networks of one architecture, trained in lockstep, each step computed as the lesson's
helpers compute it.

The names are the lesson's, for layers l = 1..L (index 0 unused, except A[0] = X):
- W[l] (K, n_l, n_{l-1}): W[l][k] is model k's parameters["W{l}"], a matrix as matmul takes it.
- Z[l], A[l], dA[l], dZ[l] (n_l, K, m) and b[l] (n_l, K, 1): unit-major, the K models' values
  of one unit side by side, so every element-wise step runs over one contiguous block while the
  matrix products see each model's (n_l, m) matrix through a strided view. Model k's b is
  b[l][:, k]. A[L] is the sigmoid output. In a hidden layer, A[l] is Z[l]'s memory and dZ[l]
  is dA[l]'s: g and the product with g' are done in place, since nothing reads Z[l] or dA[l]
  after them, and half the memory keeps a deep net's working set in cache.
- W and b are views into one flat vector `theta`, and dW, db into `grad`, laid out alike, so the
  update is two vector operations.

Buffers are allocated once, and an iteration runs a precomputed list of in-place NumPy calls,
each doing what one line of the lesson's helpers does, in the same order: the numbers are the
plain loop's bit for bit (tests/test_lesson_loop.py).
"""
from functools import partial

import numpy as np

from .activations import ACTIVATIONS, apply, check_activation, sigmoid, sigmoid_ops


def _stack_parameters(params_list, layers_dims):
    """(flat vector, W views, b views, all biases) holding K lesson-style dicts: every W[l]
    block, then all biases as one (n_1 + ... + n_L, K, 1) block, so that one call can use or
    fill every layer's (see Network._allocate and _compile_backward)."""
    K, L = len(params_list), len(layers_dims) - 1
    shapes = [(K, layers_dims[l], layers_dims[l - 1]) for l in range(1, L + 1)]
    units = sum(layers_dims[1:])
    flat = np.empty(sum(int(np.prod(s)) for s in shapes) + K * units)
    W, start = [None], 0
    for shape in shapes:
        W.append(flat[start:start + int(np.prod(shape))].reshape(shape))
        start += W[-1].size
    b_all = flat[start:].reshape(units, K, 1)
    b, row = [None], 0
    for n in layers_dims[1:]:
        b.append(b_all[row:row + n])
        row += n
    for k, params in enumerate(params_list):
        for l in range(1, L + 1):
            W[l][k] = params[f"W{l}"]
            b[l][:, k] = np.asarray(params[f"b{l}"]).reshape(-1, 1)
    return flat, W, b, b_all


def _layers(blocks):
    """(W, b) of each layer's (K, n_l, n_{l-1} + 1) block [W | b]."""
    return [(P[..., :-1], P[..., -1:]) for P in blocks]


def forward_output(blocks, X, activation="relu"):
    """Pre-sigmoid Z[L] (K, m) of the [W | b] blocks (Network.blocks) at inputs X, holding one
    layer at a time (a deep net on the boundary grid would otherwise hold every layer at once)."""
    A = X
    layers = _layers(blocks)
    for l, (W, b) in enumerate(layers, start=1):
        Z = np.matmul(W, A) + b  # Z[l] = W[l] A[l-1] + b[l]
        if l == len(layers):
            return Z[:, 0, :]
        A = apply(activation, Z, Z)  # A[l] = g(Z[l])


def lesson_cost(A, Y):
    """The lesson's cross-entropy per model: inf when a sigmoid saturates to exactly 0 or 1."""
    with np.errstate(divide="ignore", invalid="ignore"):
        logprobs = -np.log(A) * Y + -np.log(1 - A) * (1 - Y)
    return 1.0 / Y.shape[-1] * np.nansum(logprobs, axis=-1)


def stable_cost(Z, Y):
    """The same cross-entropy from the pre-sigmoid Z: finite wherever Z is."""
    losses = np.maximum(Z, 0) - Z * Y + np.log1p(np.exp(-np.abs(Z)))
    return losses.mean(axis=-1)


class Network:
    """K parameter sets for one architecture, with preallocated training buffers."""

    def __init__(self, params_list, layers_dims, X, Y, activation="relu"):
        check_activation(activation)
        self.layers_dims = tuple(int(n) for n in layers_dims)
        self.L = len(self.layers_dims) - 1
        self.activation = activation
        self.K = len(params_list)
        self.theta, self.W, self.b, _ = _stack_parameters(params_list, self.layers_dims)
        self.grad, self.dW, self.db, self._db_all = _stack_parameters(params_list, self.layers_dims)
        self._allocate(X, Y)

    def _allocate(self, X, Y):
        K, m, L = self.K, X.shape[1], self.L
        # Y once per model: subtracting a broadcast row costs more per call than a whole array.
        self.Y = np.repeat(np.asarray(Y, dtype=float).reshape(1, 1, m), K, axis=1)
        self.A = [np.array(X, dtype=float, order="C")]  # A[0] = X, shared by every model
        self.Z, self.dA, self.dZ, self.g_prime = [None], [None], [None], [None]
        # Every dZ[l] is a slice of one buffer, as every db[l] is of one block: see backward.
        self._dZ_all = np.empty((sum(self.layers_dims[1:]), K, m))
        row, g = 0, ACTIVATIONS[self.activation]
        for l, n in enumerate(self.layers_dims[1:], start=1):
            self.dZ.append(self._dZ_all[row:row + n])
            row += n
            if l == L:  # the output: Z[L] is kept for the stable cost; dZ[L] comes from A[L] - Y
                self.Z.append(np.empty((n, K, m)))
                self.A.append(np.empty((n, K, m)))
                break
            # in place (see the module's docstring): A[l] = g(Z[l]) into Z[l], dZ[l] into dA[l]
            self.Z.append(np.empty((n, K, m)))
            self.A.append(self.Z[l])
            self.dA.append(self.dZ[l])
            self.g_prime.append(np.empty((n, K, m), g.derivative_dtype))  # g'(Z[l])
        self._zeros = np.zeros((max(self.layers_dims[1:]), K, m))
        self._lr = np.zeros(())  # 0-d, so the compiled update sees learning-rate changes
        self._step = np.empty_like(self.grad)
        self._forward_ops = self._compile_forward()
        self._backward_ops = self._compile_backward()
        self._update_ops = (
            partial(np.multiply, self._lr, self.grad, self._step),    # learning_rate dW, learning_rate db
            partial(np.subtract, self.theta, self._step, self.theta))  # W -= that, b -= that: all layers

    # The training loop runs a precomputed list of in-place NumPy calls: at these
    # sizes the per-call overhead, not arithmetic, dominates an iteration.
    def _compile_forward(self):
        g, L, mm, per_model = ACTIVATIONS[self.activation], self.L, self._mm, self._per_model
        ops = []
        for l in range(1, L + 1):
            A_prev = self.A[0] if l == 1 else per_model(self.A[l - 1])
            ops += [partial(mm, self._own(self.W[l]), A_prev, per_model(self.Z[l])),  # Z[l] = W[l] A[l-1]
                    partial(np.add, self.Z[l], self.b[l], self.Z[l])]                  #        + b[l]
            if l < L:
                ops += g.forward(self.Z[l], self.A[l], self._zeros[:self.layers_dims[l]])  # A[l] = g(Z[l])
            else:
                ops += sigmoid_ops(self.Z[l], self.A[l], np.ones_like(self.Z[l]))  # A[L] = sigmoid(Z[L])
        return tuple(ops)

    def _compile_backward(self):
        g, L, mm, per_model = ACTIVATIONS[self.activation], self.L, self._mm, self._per_model
        m = self.Y.shape[-1]
        # dZ[L] = 1/m (A[L] - Y). The lesson's helper puts the mean's 1/m here, once, so
        # dW[l] = 1/m dZ[l] A[l-1].T and db[l] = 1/m sum(dZ[l]) need no 1/m of their own.
        ops = [partial(np.subtract, self.A[L], self.Y, self.dZ[L]),
               partial(np.multiply, np.full_like(self.dZ[L], 1.0 / m), self.dZ[L], self.dZ[L])]
        for l in range(L, 0, -1):
            A_prev_T = self.A[0].T if l == 1 else per_model(self.A[l - 1]).swapaxes(-1, -2)
            ops.append(partial(mm, per_model(self.dZ[l]), A_prev_T, self._own(self.dW[l])))  # dW[l] = dZ[l] A[l-1].T
            if l == 1:
                break
            if self.K > 1 and self.layers_dims[l] == 1:
                # W[l].T dZ[l] is then a batch of outer products: one broadcast multiply, same values.
                W_T = self.W[l][:, 0, :].T[:, :, None]  # (n_{l-1}, K, 1)
                ops.append(partial(np.multiply, W_T, self.dZ[l], self.dA[l - 1]))  # dA[l-1] = W[l].T dZ[l]
            else:
                W_T = self._own(self.W[l]).swapaxes(-1, -2)
                ops.append(partial(mm, W_T, per_model(self.dZ[l]), per_model(self.dA[l - 1])))  # dA[l-1] = W[l].T dZ[l]
            ops += g.derivative(self.A[l - 1], self.g_prime[l - 1])  # g'(Z[l-1]), from A[l-1]
            ops.append(partial(np.multiply, self.dA[l - 1], self.g_prime[l - 1], self.dZ[l - 1]))  # dZ[l-1] = dA[l-1] * g'(Z[l-1])
        # db[l] = sum of dZ[l] over the examples, for every layer in one call: each sum is the
        # lesson's np.sum(dZ, axis=1) over the same contiguous row, so the same numbers.
        rows = self._dZ_all.shape[0] * self.K  # as 2-D arrays: a reduction's setup costs less
        ops.append(partial(np.add.reduce, self._dZ_all.reshape(rows, -1), -1, None, self._db_all.reshape(rows)))
        return tuple(ops)

    @property
    def _mm(self):
        """np.dot on 2-D operands is the cheapest call into BLAS; K models need matmul."""
        return np.dot if self.K == 1 else np.matmul

    def _per_model(self, a):
        """A unit-major (n, K, m) buffer as matmul's per-model (K, n, m) view; as the (n, m)
        matrix itself when there is one model."""
        return a[:, 0, :] if self.K == 1 else a.transpose(1, 0, 2)

    def _own(self, param):
        """A (K, n, p) parameter as the matrix product takes it: itself, or (n, p) for one model."""
        return param[0] if self.K == 1 else param

    def blocks(self):
        """Each layer's parameters as one (K, n_l, n_{l-1} + 1) array [W | b] (copies)."""
        return [np.concatenate([W, b.transpose(1, 0, 2)], axis=2) for W, b in zip(self.W[1:], self.b[1:])]

    def forward(self):
        with np.errstate(over="ignore"):
            for op in self._forward_ops:
                op()

    def backward(self):
        """dW and db of the mean cross-entropy (after forward)."""
        for op in self._backward_ops:
            op()

    def update(self, learning_rate):
        self._lr[...] = learning_rate
        for op in self._update_ops:
            op()

    def train(self, n, learning_rate, record_every=0, start=0):
        """Run n iterations; return [(iteration, lesson costs, stable costs)] at multiples
        of record_every, each the cost of the forward pass that iteration starts with."""
        self._lr[...] = learning_rate
        step = self._forward_ops + self._backward_ops + self._update_ops
        fwd, rest = self._forward_ops, self._backward_ops + self._update_ops
        records = []
        with np.errstate(over="ignore", under="ignore"):
            for i in range(start, start + n):
                if record_every and i % record_every == 0:
                    for op in fwd:
                        op()
                    records.append((i, *self.costs()))
                    for op in rest:
                        op()
                else:
                    for op in step:
                        op()
        return records

    def costs(self):
        """(lesson cost, stable cost), each (K,), of the last forward pass."""
        Y = self.Y[0]
        return lesson_cost(self.A[-1][0], Y), stable_cost(self.Z[-1][0], Y)

    def output(self, X):
        """Pre-sigmoid output (K, m) for new inputs."""
        return forward_output(self.blocks(), X, self.activation)

    def probabilities(self, X):
        with np.errstate(over="ignore"):
            return sigmoid(self.output(X))

    def predictions(self, X):
        """The lesson's rule: class 1 where the output probability exceeds 0.5."""
        return (self.probabilities(X) > 0.5).astype(int)

    def accuracy(self, X, Y):
        return (self.predictions(X) == np.asarray(Y).reshape(1, -1)).mean(axis=1)

    def parameters(self, k=0):
        """Model k as a lesson-style dict of fresh arrays."""
        out = {}
        for l in range(1, self.L + 1):
            out[f"W{l}"] = self.W[l][k].copy()
            out[f"b{l}"] = self.b[l][:, k].copy()
        return out
