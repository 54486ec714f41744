"""initlab.lesson reproduces the lesson's printed numbers."""
import contextlib
import io
import math
import re
import subprocess
import sys

import numpy as np
import pytest
from sklearn.datasets import make_circles

from initlab import lesson
from lesson_reference import ACCURACY, COSTS, INIT_EXAMPLES

TOLERANCE = {"zeros": 1e-9, "he": 1e-9, "random": 1e-2}  # the x10 run is chaotic


@pytest.fixture(scope="module")
def data():
    return lesson.load_dataset()


@pytest.fixture(scope="module")
def runs(data):
    """Printed output of the lesson's three runs, train and test predictions included."""
    train_X, train_Y, test_X, test_Y = data
    out = {}
    for init in COSTS:
        buf = io.StringIO()
        with contextlib.redirect_stdout(buf):
            params = lesson.model(train_X, train_Y, initialization=init)
            lesson.predict(train_X, train_Y, params)
            lesson.predict(test_X, test_Y, params)
        out[init] = buf.getvalue()
    return out


@pytest.mark.parametrize("init", list(COSTS))
def test_cost_trace(runs, init):
    lines = re.findall(r"^Cost after iteration (\d+): (\S+)$", runs[init], re.M)
    assert [int(i) for i, _ in lines] == list(range(0, 15000, 1000))
    for (_, got), want in zip(lines, COSTS[init]):
        got = float(got)
        if math.isinf(want):
            assert got == want
        else:
            assert got == pytest.approx(want, rel=TOLERANCE[init], abs=0)


@pytest.mark.parametrize("init", list(COSTS))
def test_accuracies_exact(runs, init):
    accs = [float(a) for a in re.findall(r"^Accuracy: (\S+)$", runs[init], re.M)]
    assert accs == list(ACCURACY[init])


def test_first_random_cost_prints_inf_like_the_lesson(runs):
    assert "Cost after iteration 0: inf\n" in runs["random"]


@pytest.mark.parametrize("name,dims", list(INIT_EXAMPLES))
def test_init_function_examples(name, dims):
    got = getattr(lesson, f"initialize_parameters_{name}")(list(dims))
    want = INIT_EXAMPLES[(name, dims)]
    assert sorted(got) == sorted(want)
    for key, value in want.items():
        np.testing.assert_allclose(got[key], value, atol=5e-9, rtol=0)


def test_xavier_scale_is_sqrt_one_over_n_prev():
    he = lesson.initialize_parameters_he([2, 4, 1])
    xavier = lesson.initialize_parameters_xavier([2, 4, 1])
    for key in ("W1", "W2"):  # same draws, scaled by sqrt(1/n) instead of sqrt(2/n)
        np.testing.assert_allclose(xavier[key], he[key] / np.sqrt(2.0), rtol=1e-15)


def test_load_dataset_is_the_lessons_circles(data):
    train_X, train_Y, test_X, test_Y = data
    assert [a.shape for a in data] == [(2, 300), (1, 300), (2, 100), (1, 100)]
    saved = np.random.get_state()
    try:  # the lesson's way: seed the global generator, then draw
        np.random.seed(1)
        X1, y1 = make_circles(n_samples=300, noise=.05)
        np.random.seed(2)
        X2, y2 = make_circles(n_samples=100, noise=.05)
    finally:
        np.random.set_state(saved)
    np.testing.assert_array_equal(train_X, X1.T)
    np.testing.assert_array_equal(train_Y, y1.reshape(1, -1))
    np.testing.assert_array_equal(test_X, X2.T)
    np.testing.assert_array_equal(test_Y, y2.reshape(1, -1))


def test_global_random_state_untouched(data):
    before = np.random.get_state()[1].copy()
    lesson.initialize_parameters_he([2, 10, 5, 1])
    lesson.load_dataset()
    with contextlib.redirect_stdout(io.StringIO()):
        lesson.model(data[0], data[1], num_iterations=5, initialization="random")
    np.testing.assert_array_equal(np.random.get_state()[1], before)


def test_load_dataset_needs_no_matplotlib():
    code = ("import sys; from initlab import lesson; lesson.load_dataset(); "
            "sys.exit('matplotlib' in sys.modules)")
    assert subprocess.run([sys.executable, "-c", code]).returncode == 0


def test_step_functions_compose_to_model(data):
    """forward/compute_loss/backward/update, looped by hand, give model()'s parameters."""
    X, Y = data[0], data[1]
    params = lesson.initialize_parameters_he([2, 10, 5, 1])
    costs = []
    for _ in range(50):
        a3, cache = lesson.forward_propagation(X, params)
        costs.append(lesson.compute_loss(a3, Y))
        grads = lesson.backward_propagation(X, Y, cache)
        params = lesson.update_parameters(params, grads, 0.01)
    with contextlib.redirect_stdout(io.StringIO()):
        trained = lesson.model(X, Y, num_iterations=50, print_cost=False)
    assert costs[0] == pytest.approx(COSTS["he"][0], rel=1e-12)
    assert sorted(grads) == ["dW1", "dW2", "dW3", "db1", "db2", "db3"]
    for key in trained:
        np.testing.assert_allclose(params[key], trained[key], rtol=1e-12, atol=1e-15)


def test_predict_returns_int_predictions_and_prints_accuracy(data):
    X, Y = data[0], data[1]
    params = lesson.initialize_parameters_zeros([2, 10, 5, 1])
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        p = lesson.predict(X, Y, params)
    assert p.shape == (1, 300) and p.dtype.kind == "i"
    assert set(np.unique(p)) == {0}  # sigmoid(0) = 0.5 is not > 0.5
    assert buf.getvalue() == "Accuracy: 0.5\n"
    dec = lesson.predict_dec(params, X)
    assert dec.dtype == bool and dec.shape == (1, 300)


def test_model_is_quiet_without_print_cost(data):
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        lesson.model(data[0], data[1], num_iterations=10, print_cost=False)
    assert buf.getvalue() == ""


def test_compute_loss_is_inf_when_sigmoid_saturates():
    assert lesson.compute_loss(np.array([[1.0, 0.5]]), np.array([[0, 1]])) == math.inf
    assert lesson.compute_loss(np.array([[0.5, 0.5]]), np.array([[0, 1]])) == pytest.approx(math.log(2))
