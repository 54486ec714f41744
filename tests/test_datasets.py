"""Every dataset: lesson layout, both classes, deterministic per seed."""
import numpy as np
import pytest

from initlab.core.datasets import DATASETS, make_dataset


@pytest.mark.parametrize("name", DATASETS)
def test_layout_and_labels(name):
    d = make_dataset(name, n_samples=120, noise=0.1, seed=5)
    assert d.train_X.shape == (2, 120) and d.train_Y.shape == (1, 120)
    assert d.test_X.shape == (2, 40) and d.test_Y.shape == (1, 40)
    for Y in (d.train_Y, d.test_Y):
        assert set(np.unique(Y)) == {0, 1}
    assert np.all(np.isfinite(d.train_X))


@pytest.mark.parametrize("name", DATASETS)
def test_seed_and_noise_matter(name):
    a = make_dataset(name, seed=5)
    b = make_dataset(name, seed=5)
    c = make_dataset(name, seed=6)
    np.testing.assert_array_equal(a.train_X, b.train_X)
    assert not np.array_equal(a.train_X, c.train_X)
    # the test set is its own draw, not a copy of training points
    shared = (a.test_X.T[:, None, :] == a.train_X.T[None, :, :]).all(axis=2)
    assert not shared.any()
    quiet = make_dataset(name, noise=0.0, seed=5)
    loud = make_dataset(name, noise=0.3, seed=5)
    assert not np.allclose(quiet.train_X, loud.train_X)
