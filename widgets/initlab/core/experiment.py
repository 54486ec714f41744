"""An experiment: K initializations of one network trained in lockstep on one dataset."""
from dataclasses import dataclass

import numpy as np

from . import fields, grid, layerstats, schemes, validation
from .checkpoints import Checkpoints
from .config import Config
from .datasets import make_dataset
from .decimate import MAX_POINTS, decimate
from .diagnosis import verdict
from .initializers import check_parameters, initialize
from .history import CostHistory
from .network import Network

GRID_SIZE = grid.GRID_SIZE  # the lesson's; deep networks get a coarser grid (core/grid.py)
SATURATED_Z = 8.0  # |z| beyond which the sigmoid is within 3e-4 of 0 or 1


@dataclass(frozen=True)
class Boundary:
    xs: np.ndarray       # (nx,) grid column coordinates
    ys: np.ndarray       # (ny,) grid row coordinates
    probability: np.ndarray  # (K, ny, nx) float32 output probability of class 1 (core/grid.py)


@dataclass(frozen=True)
class Snapshot:
    """Everything the views draw, as plain arrays; index k follows config.initializations."""
    iteration: int
    num_iterations: int
    names: tuple
    labels: tuple
    cost_iterations: np.ndarray  # (T,), T <= MAX_POINTS: decimated, first, last and spikes kept
    lesson_costs: np.ndarray     # (K, T), may hold inf
    stable_costs: np.ndarray     # (K, T), finite unless training diverged
    lesson_cost: np.ndarray      # (K,) at the current parameters
    stable_cost: np.ndarray      # (K,)
    train_accuracy: np.ndarray   # (K,)
    test_accuracy: np.ndarray    # (K,)
    gradient_norm: np.ndarray    # (K, L) norm of dW per layer
    verdicts: tuple
    boundary: Boundary = None
    # Inside the hidden layers (core/layerstats.py); L here counts hidden layers only.
    activation_histograms: np.ndarray = None  # (K, L, bins) fraction of |a| per bin
    activation_bin_edges: np.ndarray = None   # (bins + 1,) shared by every layer and model
    activation_rms: np.ndarray = None         # (K, L)
    distinct_units: np.ndarray = None         # (K, L) ints: units with different incoming weights
    weights: tuple = None                     # per layer a (K, n_l, n_prev) copy of W


class Experiment:
    """Experiment(**config fields) or Experiment(config). step(n) trains all models n iterations.

    It keeps parameter checkpoints (core/checkpoints.py), so snapshot_at(i) recomputes any past
    iteration exactly, without storing views. num_iterations is the run's target: the config's
    count, raised by continue_for(n).
    """

    def __init__(self, config=None, **kwargs):
        if config is not None and not isinstance(config, Config):
            hint = " (for a dict d: Experiment(**d) or Experiment(Config.from_dict(d)))" if isinstance(config, dict) else ""
            raise TypeError(f"config must be an initlab Config{hint}; got {type(config).__name__}")
        if config is None:
            config = Config(**kwargs)
        elif kwargs:
            config = config.replace(**kwargs)
        self.config = config
        self.data = make_dataset(config.dataset, config.n_samples, config.noise, config.data_seed,
                                 points=config.points)
        X = np.hstack([self.data.train_X, self.data.test_X])
        pad = 0.25 * (X.max(axis=1) - X.min(axis=1)) + 0.1
        self._grid_bounds = (X.min(axis=1) - pad, X.max(axis=1) + pad)
        self.reset()

    @property
    def names(self):
        return self.config.names

    @property
    def labels(self):
        return tuple(schemes.label(n, self.config.random_scale) for n in self.names)

    def initial_parameters(self, init):
        c = self.config
        if isinstance(init, str):
            return initialize(init, c.layers_dims, c.seed, c.random_scale)
        name = c.names[c.initializations.index(init)]
        params = init(list(c.layers_dims))
        return check_parameters(params, c.layers_dims, source=f"initializer {name!r}")

    def reset(self):
        """Back to iteration 0 with the same initial weights (same seed, same draws)."""
        c = self.config
        params = [self.initial_parameters(i) for i in c.initializations]
        self.network = Network(params, c.layers_dims, self.data.train_X, self.data.train_Y, c.activation)
        self._initial = params
        self._replay = None  # a second Network for snapshot_at, built on first use
        self.iteration = 0
        self.num_iterations = c.num_iterations
        self._learning_rate = c.learning_rate
        self._rates = [(0, c.learning_rate)]  # (from iteration, learning rate) as steps applied them
        self._history = CostHistory(self.network.K)
        # The iteration whose forward and backward pass the network's buffers hold (a snapshot
        # leaves them there), so the next step starts from them instead of computing them again.
        self._primed = None
        self.checkpoints = Checkpoints(self.network.theta)
        with np.errstate(over="ignore", under="ignore", invalid="ignore"):
            self.network.forward()
            # The starting point, kept so a verdict can tell bad weights from a bad learning rate.
            self._initial_cost = self.network.costs()[1]
            self._initial_rms = layerstats.activation_rms(_hidden(self.network), self.network.K)
        return self

    @property
    def learning_rate(self):
        """Applied from the next iteration on; may change mid-run."""
        return self._learning_rate

    @learning_rate.setter
    def learning_rate(self, value):
        self._learning_rate = fields.LEARNING_RATE.check(value)

    @property
    def remaining(self):
        return max(self.num_iterations - self.iteration, 0)

    @property
    def done(self):
        return self.iteration >= self.num_iterations

    def continue_for(self, n):
        """Raise the target by n iterations (a finished run trains on from where it is)."""
        n = validation.count(n, "n")
        self.num_iterations = max(self.num_iterations, self.iteration) + n
        return self

    @property
    def history_bytes(self):
        """Memory held to replay this run: cost history plus parameter checkpoints."""
        return self._history.nbytes + self.checkpoints.nbytes

    def step(self, n=1):
        """Advance every model n iterations in lockstep (even past num_iterations)."""
        n = validation.count(n, "n")
        lr = self._learning_rate
        if lr != self._rates[-1][1]:
            self._rates.append((self.iteration, lr))
        end = self.iteration + n
        net, every = self.network, self.config.record_every
        while self.iteration < end:  # split at checkpoint boundaries
            stop = min(end, self.checkpoints.next_boundary(self.iteration))
            start = self.iteration
            if self._primed == start:
                # The same calls on the same buffers as train's first iteration: identical numbers.
                if every and start % every == 0:
                    self._history.extend([(start, *net.costs())])
                with np.errstate(over="ignore", under="ignore"):
                    net.update(lr)
                start += 1
            self._primed = None
            records = net.train(stop - start, lr, every, start)
            self._history.extend(records)
            self.iteration = stop
            self.checkpoints.save(stop, self.network.theta)
        return self

    def cost_history(self, stable=False):
        """(iterations (T,), costs (K, T)): the cost each recorded iteration started from."""
        its, lesson, stable_costs = self._history.arrays()
        return its, stable_costs if stable else lesson

    def parameters(self, k=0):
        return self.network.parameters(k)

    def accuracy(self):
        """(train (K,), test (K,)) accuracy at the current parameters."""
        d, net = self.data, self.network
        return net.accuracy(d.train_X, d.train_Y), net.accuracy(d.test_X, d.test_Y)

    @property
    def grid_size(self):
        """Points per side of the boundary grid a snapshot uses by default (core/grid.py)."""
        c = self.config
        return grid.grid_size(c.layers_dims, len(c.initializations), self.data.train_X.shape[1])

    def boundary(self, grid_size=None):
        return self._boundary(self.network, grid_size)

    def snapshot(self, grid_size=None, boundary=True, cost_points=MAX_POINTS):
        """The current state for the views (one forward and backward pass, no update, which the
        next step reuses); the cost history thinned to at most cost_points (<= MAX_POINTS) per
        line; the boundary on a grid_size grid (default: self.grid_size)."""
        return self._snapshot(self.network, self.iteration, grid_size, boundary, cost_points)

    def snapshot_at(self, iteration, grid_size=None, boundary=True, cost_points=MAX_POINTS):
        """The snapshot an Experiment stepped to `iteration` would give, recomputed from the
        nearest checkpoint (with the learning rates the run used). Safe while another thread
        steps this experiment: it replays on a network of its own."""
        iteration = validation.count(iteration, "iteration")
        if iteration > self.iteration:
            raise ValueError(f"iteration must be at most {self.iteration} (trained so far); got {iteration}")
        start, theta = self.checkpoints.at_or_before(iteration)
        if self._replay is None:
            c = self.config
            self._replay = Network(self._initial, c.layers_dims, self.data.train_X, self.data.train_Y,
                                   c.activation)
        net = self._replay
        net.theta[...] = theta
        rates = list(self._rates)
        for j, (since, lr) in enumerate(rates):
            until = rates[j + 1][0] if j + 1 < len(rates) else iteration
            lo, hi = max(since, start), min(until, iteration)
            if hi > lo:
                net.train(hi - lo, lr)
        return self._snapshot(net, iteration, grid_size, boundary, cost_points)

    def _boundary(self, net, grid_size):
        grid_size = self.grid_size if grid_size is None else grid_size
        lo, hi = self._grid_bounds
        xs = np.linspace(lo[0], hi[0], grid_size)
        ys = np.linspace(lo[1], hi[1], grid_size)
        gx, gy = np.meshgrid(xs, ys)
        probs = grid.probabilities(net.blocks(), np.vstack([gx.ravel(), gy.ravel()]), net.activation)
        return Boundary(xs, ys, probs.reshape(-1, grid_size, grid_size))

    def _snapshot(self, net, iteration, grid_size, boundary, cost_points=MAX_POINTS):
        d = self.data
        with np.errstate(over="ignore", under="ignore"):
            net.forward()
            lesson_cost, stable_cost = net.costs()
            net.backward()
        if net is self.network:
            self._primed = iteration
        grad_norm = np.stack([np.sqrt((dW ** 2).sum(axis=(1, 2))) for dW in net.dW[1:]], axis=1)
        hidden = _hidden(net)
        with np.errstate(over="ignore", invalid="ignore"):
            histograms = layerstats.activation_histograms(hidden, net.K)
            rms = layerstats.activation_rms(hidden, net.K)
            distinct = layerstats.distinct_units(net.blocks()[:-1], K=net.K)
        train_acc = ((net.A[-1][0] > 0.5) == d.train_Y).mean(axis=1)
        test_acc = net.accuracy(d.test_X, d.test_Y)
        saturation = (np.abs(net.Z[-1][0]) > SATURATED_Z).mean(axis=1)
        its, lesson_hist, stable_hist = self._history.arrays(before=iteration)
        units = np.array(self.config.layers_dims[1:-1])
        verdicts = tuple(
            verdict(iteration, stable_hist[k], stable_cost[k], train_acc[k],
                    initial_cost=self._initial_cost[k], initial_rms=self._initial_rms[k],
                    activation_rms=rms[k], distinct_units=distinct[k], units=units,
                    saturation=saturation[k])
            for k in range(net.K))
        its, lesson_hist, stable_hist = decimate(its, lesson_hist, stable_hist,
                                                max_points=min(int(cost_points), MAX_POINTS))
        return Snapshot(
            iteration=iteration, num_iterations=self.num_iterations,
            names=self.names, labels=self.labels, cost_iterations=its,
            lesson_costs=lesson_hist, stable_costs=stable_hist,
            lesson_cost=lesson_cost, stable_cost=stable_cost,
            train_accuracy=train_acc, test_accuracy=test_acc,
            gradient_norm=grad_norm, verdicts=verdicts,
            boundary=self._boundary(net, grid_size) if boundary else None,
            activation_histograms=histograms, activation_bin_edges=layerstats.BIN_EDGES.copy(),
            activation_rms=rms, distinct_units=distinct, weights=tuple(W.copy() for W in net.W[1:]))


def _hidden(net):
    """Per hidden layer its (n_l, K, m) activations, from the network's last forward pass."""
    return net.A[1:-1]
