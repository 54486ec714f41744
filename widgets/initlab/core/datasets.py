"""Two-class toy datasets in the lesson's layout: X is (2, m), Y is (1, m) in {0, 1}.

Circles and moons follow scikit-learn's make_circles / make_moons step for step (same draws
from the same RandomState, so the same bits: tests/test_datasets.py checks), because
importing scikit-learn costs every dashboard kernel about 110 MB and 1 s at load. It is
imported only for the gaussian blobs, when they are asked for.
"""
from dataclasses import dataclass

import numpy as np

DATASETS = ("circles", "moons", "xor", "gaussian", "spiral")  # drawn from a seed
UPLOADED = "uploaded"  # a learner's own points (Config.points, core/uploaded.py)
# The test set is a third the size of the train set and drawn with seed + 1,
# which for circles (300 points, seed 1) is exactly the lesson's 100 points, seed 2.
TEST_FRACTION = 3


@dataclass(frozen=True)
class Dataset:
    train_X: np.ndarray
    train_Y: np.ndarray
    test_X: np.ndarray
    test_Y: np.ndarray


def _two_arcs(outer_x, outer_y, inner_x, inner_y, noise, rng):
    X = np.vstack([np.append(outer_x, inner_x), np.append(outer_y, inner_y)]).T
    y = np.hstack([np.zeros(len(outer_x), dtype=np.intp), np.ones(len(inner_x), dtype=np.intp)])
    order = np.arange(len(y))  # sklearn.utils.shuffle: one rng.shuffle of the indices
    rng.shuffle(order)
    X, y = X[order], y[order]
    X += rng.normal(scale=noise, size=X.shape)
    return X, y


def _circles(n, noise, rng, factor=0.8):
    n_out = n // 2
    t_out = np.linspace(0, 2 * np.pi, n_out, endpoint=False)
    t_in = np.linspace(0, 2 * np.pi, n - n_out, endpoint=False)
    return _two_arcs(np.cos(t_out), np.sin(t_out), np.cos(t_in) * factor, np.sin(t_in) * factor,
                     noise, rng)


def _moons(n, noise, rng):
    n_out = n // 2
    t_out, t_in = np.linspace(0, np.pi, n_out), np.linspace(0, np.pi, n - n_out)
    return _two_arcs(np.cos(t_out), np.sin(t_out), 1 - np.cos(t_in), 1 - np.sin(t_in) - 0.5,
                     noise, rng)


def _xor(n, noise, rng):
    X = rng.uniform(-1, 1, size=(n, 2))
    y = (X[:, 0] * X[:, 1] > 0).astype(int)
    return X + rng.normal(scale=noise, size=X.shape), y


def _gaussian(n, noise, rng):
    # Two blobs whose spread grows with noise; noise 0 still gives a (tight) cloud.
    from sklearn import datasets as skd
    return skd.make_blobs(n_samples=n, centers=[[-0.7, -0.7], [0.7, 0.7]],
                          cluster_std=0.25 + 2 * noise, random_state=rng)


def _spiral(n, noise, rng):
    n_out = n // 2
    sizes = (n - n_out, n_out)
    X, y = [], []
    for label, size in enumerate(sizes):
        t = np.linspace(0.25, 1, size) * 3 * np.pi
        angle = t + label * np.pi
        r = t / (3 * np.pi)
        X.append(np.c_[r * np.sin(angle), r * np.cos(angle)])
        y.append(np.full(size, label))
    X, y = np.vstack(X), np.concatenate(y)
    order = rng.permutation(n)
    return X[order] + rng.normal(scale=noise, size=X.shape), y[order]


_MAKERS = {"circles": _circles, "moons": _moons, "xor": _xor,
           "gaussian": _gaussian, "spiral": _spiral}


def _draw(name, n, noise, seed):
    X, y = _MAKERS[name](n, noise, np.random.RandomState(seed))
    return np.ascontiguousarray(X.T, dtype=float), y.reshape(1, -1).astype(int)


def _into_square(X):
    """Each coordinate mapped linearly onto [-1, 1], the square the lesson's circles fill (radius 1),
    so that uploaded points of any units train at the lesson's learning rate and fill the
    boundary panels, whose view is the data's extent plus a margin (core/experiment.py).
    A coordinate that is the same for every point becomes 0."""
    lo, hi = X.min(axis=1, keepdims=True), X.max(axis=1, keepdims=True)
    span = np.where(hi > lo, hi - lo, 1.0)
    return np.where(hi > lo, 2 * (X - lo) / span - 1, 0.0)


def uploaded_dataset(points, seed):
    """Train and test sets from (x1, x2, label) rows, scaled into the square [-1, 1]^2.

    The test set is a third of each class, rounded down, so the train set keeps both classes:
    np.random.RandomState(seed).permutation(m) orders the rows, and of each class the first
    n_class // 3 in that order are held out. Both sets keep the file's order.
    """
    rows = np.asarray(points, dtype=float).reshape(-1, 3)
    X, y = _into_square(rows[:, :2].T), rows[:, 2].astype(int)
    order = np.random.RandomState(seed).permutation(len(y))
    test = np.zeros(len(y), dtype=bool)
    for label in (0, 1):
        mine = order[y[order] == label]
        test[mine[:len(mine) // TEST_FRACTION]] = True
    return Dataset(np.ascontiguousarray(X[:, ~test]), y[~test].reshape(1, -1),
                   np.ascontiguousarray(X[:, test]), y[test].reshape(1, -1))


def make_dataset(name="circles", n_samples=300, noise=0.05, seed=1, points=None):
    """Train and test sets; the defaults are the lesson's circles. name "uploaded" takes points
    (checked by Config) and ignores n_samples and noise."""
    from . import fields  # here, not at the top: fields reads DATASETS from this module
    name = fields.DATASET.check(name)
    seed = fields.DATA_SEED.check(seed, "seed")
    if name == UPLOADED:
        if points is None:
            raise ValueError("dataset 'uploaded' needs points: (x1, x2, label) rows")
        return uploaded_dataset(points, seed)
    n_samples = fields.N_SAMPLES.check(n_samples)
    noise = fields.NOISE.check(noise)
    train_X, train_Y = _draw(name, n_samples, noise, seed)
    test_X, test_Y = _draw(name, n_samples // TEST_FRACTION, noise, seed + 1)
    return Dataset(train_X, train_Y, test_X, test_Y)
