"""The decision boundary's picture: the output probability on a grid over the data, in float32.

A frame evaluates the whole network on every grid point, so in deep mode the grid, not the
training, would take the CPU (a 60x60 grid is 12 training sets). Two savings, both invisible
at the size a panel is drawn (the page receives float32 anyway):
- float32 arithmetic, about twice as fast as float64. Probabilities differ from float64's by
  less than 1e-4 (tests/test_snapshot_cost.py). A model whose float32 output is not finite is
  recomputed in float64, so a panel is marked "not finite" exactly when float64 says so.
- a coarser grid for networks whose arithmetic, not call overhead, is the cost: as many grid
  points as about three training sets, so the grid costs about half an iteration.
"""
import math

import numpy as np

from .activations import apply, sigmoid
from .network import forward_output

GRID_SIZE = 60       # points per side for small networks (the lesson's)
MIN_GRID_SIZE = 24   # never coarser than this: the circles stay recognisable in a panel
SMALL_FLOPS = 20e6   # a full grid cheaper than this (about a millisecond) is kept whole
TRAINING_SETS = 3    # a coarse grid holds about this many training sets of points


def grid_size(layers_dims, K, m):
    """Points per side of the boundary grid for K models of layers_dims trained on m samples."""
    per_point = 2 * K * sum(n * (p + 1) for p, n in zip(layers_dims[:-1], layers_dims[1:]))
    if per_point * GRID_SIZE ** 2 <= SMALL_FLOPS:
        return GRID_SIZE
    return max(MIN_GRID_SIZE, min(GRID_SIZE, int(math.sqrt(TRAINING_SETS * m))))


def probabilities(blocks, X, activation):
    """(K, n) float32 output probabilities at the (2, n) points X for the (K, n_l, n_prev + 1)
    parameter blocks; models whose float32 output overflowed are recomputed in float64."""
    H = np.ones((X.shape[0] + 1, X.shape[1]), dtype=np.float32)
    H[:-1] = X
    with np.errstate(over="ignore", invalid="ignore", under="ignore"):
        for l, P in enumerate(blocks):
            Z = np.matmul(P.astype(np.float32), H)
            if l == len(blocks) - 1:
                break
            H = np.empty((Z.shape[0], Z.shape[1] + 1, Z.shape[2]), dtype=np.float32)
            apply(activation, Z, H[:, :-1])
            H[:, -1] = 1.0
        out = sigmoid(Z[:, 0, :])
        bad = ~np.isfinite(out).all(axis=1)
        if bad.any():
            exact = sigmoid(forward_output([P[bad] for P in blocks], X, activation))
            out[bad] = exact.astype(np.float32)  # inf and nan survive the cast
    return out
