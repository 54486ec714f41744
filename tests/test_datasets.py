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


@pytest.mark.parametrize("name", ["circles", "moons"])
@pytest.mark.parametrize("n, noise, seed", [(300, 0.05, 1), (100, 0.05, 2), (7, 0.0, 0), (1001, 0.3, 12345)])
def test_circles_and_moons_are_scikit_learns_bit_for_bit(name, n, noise, seed):
    # Drawn without importing scikit-learn (a lighter kernel), they must stay its data.
    from sklearn import datasets as skd
    from initlab.core.datasets import _draw
    maker = {"circles": skd.make_circles, "moons": skd.make_moons}[name]
    X, y = maker(n_samples=n, noise=noise, random_state=np.random.RandomState(seed))
    ours_X, ours_Y = _draw(name, n, noise, seed)
    np.testing.assert_array_equal(ours_X, X.T)
    np.testing.assert_array_equal(ours_Y, y.reshape(1, -1))


def test_the_lesson_data_loads_without_scikit_learn():
    import subprocess
    import sys
    code = ("import sys, initlab; from initlab import InitLab; InitLab(); "
            "print([m for m in sys.modules if m.split('.')[0] in ('sklearn', 'scipy')])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"
