"""K networks of one architecture, trained in lockstep as one batched computation.

Each layer's weights and bias live together in one block P[l] of shape
(K, n_l, n_prev + 1), the bias as the last column, and every activation buffer
carries a ones row after its units. A layer is then a single batched matmul, and
dW and db come out of one matmul too. All blocks are views into one flat vector,
so the gradient step is two vector operations. Buffers are allocated once.
"""
from functools import partial

import numpy as np

from .activations import ACTIVATIONS, apply, check_activation, sigmoid, sigmoid_ops


def _stack_blocks(params_list, layers_dims):
    """Flat parameter vector and per-layer (K, n_l, n_prev+1) views from K dicts."""
    K, L = len(params_list), len(layers_dims) - 1
    sizes = [layers_dims[l] * (layers_dims[l - 1] + 1) for l in range(1, L + 1)]
    flat = np.empty(K * sum(sizes))
    blocks, start = [], 0
    for l in range(1, L + 1):
        shape = (K, layers_dims[l], layers_dims[l - 1] + 1)
        block = flat[start:start + K * sizes[l - 1]].reshape(shape)
        for k, params in enumerate(params_list):
            block[k, :, :-1] = params[f"W{l}"]
            block[k, :, -1] = np.asarray(params[f"b{l}"]).reshape(-1)
        blocks.append(block)
        start += K * sizes[l - 1]
    return flat, blocks


def _with_ones(X):
    Xa = np.empty((X.shape[0] + 1, X.shape[1]))
    Xa[:-1] = X
    Xa[-1] = 1.0
    return Xa


def forward_output(blocks, X, activation="relu", keep_hidden=True):
    """Pre-sigmoid output Z_L (K, m) and per-layer activations, without touching buffers.
    keep_hidden=False frees each layer once the next is computed (a deep net on the
    boundary grid would otherwise hold every layer at once: ~225 MB at the size limits)."""
    H = _with_ones(X)
    hidden = []
    for l, P in enumerate(blocks):
        Z = np.matmul(P, H)
        if l == len(blocks) - 1:
            return Z[:, 0, :], hidden
        H = np.empty((Z.shape[0], Z.shape[1] + 1, Z.shape[2]))
        apply(activation, Z, H[:, :-1])
        H[:, -1] = 1.0
        if keep_hidden:
            hidden.append(H[:, :-1])


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
    """K parameter sets for one architecture, with preallocated training buffers.

    Training buffers are unit-major, (n_l, K, m): the K models' values of one unit sit
    side by side, so every element-wise step runs over one contiguous block, while the
    matmuls see each model's (n_l, m) slice through a strided (K, n_l, m) view.
    """

    def __init__(self, params_list, layers_dims, X, Y, activation="relu"):
        check_activation(activation)
        self.layers_dims = tuple(int(n) for n in layers_dims)
        self.activation = activation
        self.K = len(params_list)
        self.theta, self.P = _stack_blocks(params_list, self.layers_dims)
        self.grad, self.G = _stack_blocks(params_list, self.layers_dims)
        self._allocate(X, Y)

    def _allocate(self, X, Y):
        K, m, dims = self.K, X.shape[1], self.layers_dims
        self.Y = np.asarray(Y, dtype=float).reshape(1, 1, m)
        self.H = [_with_ones(X)]  # H[l]: layer l's activations (n_l, K, m) plus a ones row
        self.Z, self.dZ, self.dA, self.tmp = [], [], [], []
        scratch = ACTIVATIONS[self.activation][2]
        for n in dims[1:]:
            self.Z.append(np.empty((n, K, m)))
            self.dZ.append(np.empty((n, K, m)))
            self.dA.append(self.dZ[-1])  # masked in place: a smaller working set stays in cache
            H = np.empty((n + 1, K, m))
            H[-1] = 1.0
            self.H.append(H)
            self.tmp.append(np.empty((n, K, m), dtype=scratch))
        self.out = self.H[-1][:-1]  # sigmoid output, (1, K, m)
        self._lr = np.zeros(())  # 0-d, so the compiled update sees learning-rate changes
        self._forward_ops = self._compile_forward()
        self._backward_ops = self._compile_backward()
        self._update_ops = (partial(np.multiply, self._lr, self.grad, self.grad),
                            partial(np.subtract, self.theta, self.grad, self.theta))

    # The training loop runs a precomputed list of in-place NumPy calls: at these
    # sizes the per-call overhead, not arithmetic, dominates an iteration.
    def _compile_forward(self):
        fwd = ACTIVATIONS[self.activation][0]
        ops, last, mm, b = [], len(self.P) - 1, self._mm, self._batch
        for l, P in enumerate(self.P):
            # Hidden products land in their activation buffer and are activated in place.
            z = self.H[l + 1][:-1] if l < last else self.Z[l]
            H = self.H[0] if l == 0 else b(self.H[l])  # X is shared by all models
            ops.append(partial(mm, self._param(P), H, b(z)))
            if l < last:
                ops += fwd(z, z)
        return tuple(ops + sigmoid_ops(self.Z[last], self.out))

    def _compile_backward(self):
        bwd = ACTIVATIONS[self.activation][1]
        L, m, mm, b = len(self.P), self.Y.shape[-1], self._mm, self._batch
        dZ = self.dZ[L - 1]
        ops = [partial(np.subtract, self.out, self.Y, dZ),
               partial(np.multiply, 1.0 / m, dZ, dZ)]
        for l in range(L - 1, -1, -1):
            HT = self.H[0].T if l == 0 else b(self.H[l]).swapaxes(-1, -2)
            ops.append(partial(mm, b(self.dZ[l]), HT, self._param(self.G[l])))
            if l == 0:
                continue
            W = self.P[l][..., :-1]
            if self.K > 1 and self.layers_dims[l + 1] == 1:
                # A batch of outer products: one broadcast multiply over (n_prev, K, m).
                ops.append(partial(np.multiply, W[:, 0, :].T[:, :, None], self.dZ[l], self.dA[l - 1]))
            else:
                ops.append(partial(mm, self._param(W).swapaxes(-1, -2), b(self.dZ[l]), b(self.dA[l - 1])))
            ops += bwd(self.H[l][:-1], self.dA[l - 1], self.dZ[l - 1], self.tmp[l - 1])
        return tuple(ops)

    @property
    def _mm(self):
        """np.dot on 2-D operands is the cheapest call into BLAS; batches need matmul."""
        return np.dot if self.K == 1 else np.matmul

    def _batch(self, a):
        """(n, K, m) buffer -> per-model (K, n, m) view; (n, m) when there is one model."""
        return a[:, 0, :] if self.K == 1 else a.transpose(1, 0, 2)

    def _param(self, a):
        """(K, n, p) parameter block -> itself; (n, p) when there is one model."""
        return a[0] if self.K == 1 else a

    @property
    def weights(self):
        return [P[..., :-1] for P in self.P]

    @property
    def biases(self):
        return [P[..., -1:] for P in self.P]

    def forward(self):
        with np.errstate(over="ignore"):
            for op in self._forward_ops:
                op()

    def backward(self):
        """Gradients of the mean cross-entropy into self.G (after forward)."""
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
        return lesson_cost(self.out[0], Y), stable_cost(self.Z[-1][0], Y)

    def output(self, X):
        """Pre-sigmoid output (K, m) for new inputs."""
        return forward_output(self.P, X, self.activation, keep_hidden=False)[0]

    def probabilities(self, X):
        with np.errstate(over="ignore"):
            return sigmoid(self.output(X))

    def predictions(self, X):
        """The lesson's rule: class 1 where the output probability exceeds 0.5."""
        return (self.probabilities(X) > 0.5).astype(int)

    def accuracy(self, X, Y):
        return (self.predictions(X) == np.asarray(Y).reshape(1, -1)).mean(axis=1)

    def layer_stats(self):
        """Per model and layer: std of activations (last forward) and norm of dW (last backward)."""
        act_std = np.stack([H[:-1].std(axis=(0, 2)) for H in self.H[1:]], axis=1)
        grad_norm = np.stack([np.sqrt((G[..., :-1] ** 2).sum(axis=(1, 2))) for G in self.G], axis=1)
        return act_std, grad_norm

    def parameters(self, k=0):
        """Model k as a lesson-style dict of fresh arrays."""
        out = {}
        for l, P in enumerate(self.P, start=1):
            out[f"W{l}"] = P[k, :, :-1].copy()
            out[f"b{l}"] = P[k, :, -1:].copy()
        return out
