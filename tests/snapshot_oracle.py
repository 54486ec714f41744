"""The snapshot as Experiment.snapshot computed it before frames were made cheaper (kept as the
test oracle): a fresh forward and backward pass, the boundary in float64, per-layer statistics by
searchsorted and a row sort for every model and layer. tests/test_snapshot_cost.py checks the
fast path against it, value for value."""
import numpy as np

from initlab import Experiment
from initlab.core.decimate import MAX_POINTS, decimate
from initlab.core.diagnosis import verdict
from initlab.core.experiment import SATURATED_Z
from initlab.core.layerstats import BIN_EDGES, N_BINS


def histograms(hidden, K):
    out = np.zeros((K, len(hidden), N_BINS))
    offsets = (np.arange(K) * N_BINS)[None, :, None]
    for l, A in enumerate(hidden):
        index = np.minimum(np.searchsorted(BIN_EDGES, np.abs(A), side="right") - 1, N_BINS - 1)
        counts = np.bincount((index + offsets).ravel(), minlength=K * N_BINS).reshape(K, N_BINS)
        out[:, l] = counts / max(A.shape[0] * A.shape[2], 1)
    return out


def rms(hidden, K):
    if not hidden:
        return np.zeros((K, 0))
    return np.stack([np.sqrt((A ** 2).mean(axis=(0, 2))) for A in hidden], axis=1)


def distinct(blocks, K, rtol=1e-9):
    out = np.zeros((K, len(blocks)), dtype=int)
    for l, P in enumerate(blocks):
        for k in range(K):
            W = P[k][np.isfinite(P[k]).all(axis=1)]
            if W.shape[0] == 0:
                continue
            R = np.round(W / (rtol * (1.0 + np.abs(W).max())))
            R = R[np.lexsort(R.T[::-1])]
            out[k, l] = 1 + int(np.any(R[1:] != R[:-1], axis=1).sum())
    return out


def boundary(experiment, grid_size):
    lo, hi = experiment._grid_bounds
    xs, ys = np.linspace(lo[0], hi[0], grid_size), np.linspace(lo[1], hi[1], grid_size)
    gx, gy = np.meshgrid(xs, ys)
    probs = experiment.network.probabilities(np.vstack([gx.ravel(), gy.ravel()]))
    return xs, ys, probs.reshape(-1, grid_size, grid_size)


def snapshot(config, iteration, grid_size, cost_points=MAX_POINTS):
    """The old snapshot's fields, as a dict, of a fresh Experiment stepped to `iteration`
    (no snapshot taken on the way, so nothing of the new code's reuse is involved)."""
    e = Experiment(config)
    if iteration:
        e.step(iteration)
    net, d = e.network, e.data
    with np.errstate(all="ignore"):
        net.forward()
        lesson_cost, stable_cost = net.costs()
        net.backward()
        grad_norm = np.stack([np.sqrt((dW ** 2).sum(axis=(1, 2))) for dW in net.dW[1:]], axis=1)
        hidden = net.A[1:-1]
        hist, act_rms, units_distinct = histograms(hidden, net.K), rms(hidden, net.K), distinct(net.blocks()[:-1], net.K)
        train_acc = ((net.A[-1][0] > 0.5) == d.train_Y).mean(axis=1)
        test_acc = net.accuracy(d.test_X, d.test_Y)
        saturation = (np.abs(net.Z[-1][0]) > SATURATED_Z).mean(axis=1)
        xs, ys, probability = boundary(e, grid_size)
    its, lesson_hist, stable_hist = e._history.arrays(before=iteration)
    units = np.array(config.layers_dims[1:-1])
    verdicts = tuple(
        verdict(iteration, stable_hist[k], stable_cost[k], train_acc[k], initial_cost=e._initial_cost[k],
                initial_rms=e._initial_rms[k], activation_rms=act_rms[k], distinct_units=units_distinct[k],
                units=units, saturation=saturation[k])
        for k in range(net.K))
    its, lesson_hist, stable_hist = decimate(its, lesson_hist, stable_hist, max_points=min(cost_points, MAX_POINTS))
    return dict(iteration=iteration, cost_iterations=its, lesson_costs=lesson_hist, stable_costs=stable_hist,
                lesson_cost=lesson_cost, stable_cost=stable_cost, train_accuracy=train_acc,
                test_accuracy=test_acc, gradient_norm=grad_norm, verdicts=verdicts,
                activation_histograms=hist, activation_bin_edges=BIN_EDGES.copy(), activation_rms=act_rms,
                distinct_units=units_distinct, weights=tuple(W.copy() for W in net.W[1:]),
                boundary_xs=xs, boundary_ys=ys, boundary_probability=probability)

