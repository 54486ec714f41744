"""An experiment: K initializations of one network trained in lockstep on one dataset."""
from dataclasses import dataclass

import numpy as np

from . import validation
from .config import Config
from .datasets import make_dataset
from .diagnosis import verdict
from .initializers import LABELS, check_parameters, initialize
from .network import Network

GRID_SIZE = 60
SATURATED_Z = 8.0  # |z| beyond which the sigmoid is within 3e-4 of 0 or 1


@dataclass(frozen=True)
class Boundary:
    xs: np.ndarray       # (nx,) grid column coordinates
    ys: np.ndarray       # (ny,) grid row coordinates
    probability: np.ndarray  # (K, ny, nx) output probability of class 1


@dataclass(frozen=True)
class Snapshot:
    """Everything the views draw, as plain arrays; index k follows config.initializations."""
    iteration: int
    num_iterations: int
    names: tuple
    labels: tuple
    cost_iterations: np.ndarray  # (T,)
    lesson_costs: np.ndarray     # (K, T), may hold inf
    stable_costs: np.ndarray     # (K, T), finite unless training diverged
    lesson_cost: np.ndarray      # (K,) at the current parameters
    stable_cost: np.ndarray      # (K,)
    train_accuracy: np.ndarray   # (K,)
    test_accuracy: np.ndarray    # (K,)
    activation_std: np.ndarray   # (K, L) per layer, output layer last
    gradient_norm: np.ndarray    # (K, L) norm of dW per layer
    verdicts: tuple
    boundary: Boundary = None


class Experiment:
    """Experiment(**config fields) or Experiment(config). step(n) trains all models n iterations."""

    def __init__(self, config=None, **kwargs):
        if config is not None and not isinstance(config, Config):
            hint = " (for a dict d: Experiment(**d) or Experiment(Config.from_dict(d)))" if isinstance(config, dict) else ""
            raise TypeError(f"config must be an initlab Config{hint}; got {type(config).__name__}")
        if config is None:
            config = Config(**kwargs)
        elif kwargs:
            config = config.replace(**kwargs)
        self.config = config
        self.data = make_dataset(config.dataset, config.n_samples, config.noise, config.data_seed)
        X = np.hstack([self.data.train_X, self.data.test_X])
        pad = 0.25 * (X.max(axis=1) - X.min(axis=1)) + 0.1
        self._grid_bounds = (X.min(axis=1) - pad, X.max(axis=1) + pad)
        self.reset()

    @property
    def names(self):
        return self.config.names

    @property
    def labels(self):
        return tuple(LABELS.get(n, n).format(scale=self.config.random_scale) for n in self.names)

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
        self.iteration = 0
        self._learning_rate = c.learning_rate
        self._history = []  # (iteration, lesson costs (K,), stable costs (K,))
        return self

    @property
    def learning_rate(self):
        """Applied from the next iteration on; may change mid-run."""
        return self._learning_rate

    @learning_rate.setter
    def learning_rate(self, value):
        self._learning_rate = validation.learning_rate(value)

    @property
    def remaining(self):
        return max(self.config.num_iterations - self.iteration, 0)

    @property
    def done(self):
        return self.iteration >= self.config.num_iterations

    def step(self, n=1):
        """Advance every model n iterations in lockstep (even past num_iterations)."""
        n = validation.iterations(n, "n")
        records = self.network.train(n, self._learning_rate, self.config.record_every, self.iteration)
        self._history.extend(records)
        self.iteration += n
        return self

    def cost_history(self, stable=False):
        """(iterations (T,), costs (K, T)): the cost each recorded iteration started from."""
        K = self.network.K
        if not self._history:
            return np.zeros(0, dtype=int), np.zeros((K, 0))
        its = np.array([r[0] for r in self._history])
        costs = np.stack([r[2 if stable else 1] for r in self._history], axis=1)
        return its, costs

    def parameters(self, k=0):
        return self.network.parameters(k)

    def accuracy(self):
        """(train (K,), test (K,)) accuracy at the current parameters."""
        d, net = self.data, self.network
        return net.accuracy(d.train_X, d.train_Y), net.accuracy(d.test_X, d.test_Y)

    def boundary(self, grid_size=GRID_SIZE):
        lo, hi = self._grid_bounds
        xs = np.linspace(lo[0], hi[0], grid_size)
        ys = np.linspace(lo[1], hi[1], grid_size)
        gx, gy = np.meshgrid(xs, ys)
        probs = self.network.probabilities(np.vstack([gx.ravel(), gy.ravel()]))
        return Boundary(xs, ys, probs.reshape(-1, grid_size, grid_size))

    def snapshot(self, grid_size=GRID_SIZE, boundary=True):
        """The current state for the views (one forward and backward pass, no update)."""
        net, d = self.network, self.data
        with np.errstate(over="ignore", under="ignore"):
            net.forward()
            lesson_cost, stable_cost = net.costs()
            net.backward()
        act_std, grad_norm = net.layer_stats()
        train_acc = ((net.out[0] > 0.5) == d.train_Y).mean(axis=1)
        test_acc = net.accuracy(d.test_X, d.test_Y)
        saturation = (np.abs(net.Z[-1][0]) > SATURATED_Z).mean(axis=1)
        its, lesson_hist = self.cost_history()
        _, stable_hist = self.cost_history(stable=True)
        weights = net.weights
        verdicts = tuple(
            verdict(self.iteration, stable_hist[k], stable_cost[k], train_acc[k],
                    [W[k] for W in weights], act_std[k], saturation[k])
            for k in range(net.K))
        return Snapshot(
            iteration=self.iteration, num_iterations=self.config.num_iterations,
            names=self.names, labels=self.labels, cost_iterations=its,
            lesson_costs=lesson_hist, stable_costs=stable_hist,
            lesson_cost=lesson_cost, stable_cost=stable_cost,
            train_accuracy=train_acc, test_accuracy=test_acc,
            activation_std=act_std, gradient_norm=grad_norm, verdicts=verdicts,
            boundary=self.boundary(grid_size) if boundary else None)
