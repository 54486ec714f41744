"""Two-class toy datasets in the lesson's layout: X is (2, m), Y is (1, m) in {0, 1}.

Circles and moons follow scikit-learn's make_circles / make_moons step for step (same draws
from the same RandomState, so the same bits: tests/test_datasets.py checks), because
importing scikit-learn costs every dashboard kernel about 110 MB and 1 s at load. It is
imported only for the gaussian blobs, when they are asked for.
"""
from dataclasses import dataclass

import numpy as np

DATASETS = ("circles", "moons", "xor", "gaussian", "spiral")
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


def make_dataset(name="circles", n_samples=300, noise=0.05, seed=1):
    """Train and test sets; the defaults are the lesson's circles."""
    from . import fields  # here, not at the top: fields reads DATASETS from this module
    name = fields.DATASET.check(name)
    n_samples = fields.N_SAMPLES.check(n_samples)
    noise = fields.NOISE.check(noise)
    seed = fields.DATA_SEED.check(seed, "seed")
    train_X, train_Y = _draw(name, n_samples, noise, seed)
    test_X, test_Y = _draw(name, n_samples // TEST_FRACTION, noise, seed + 1)
    return Dataset(train_X, train_Y, test_X, test_Y)
