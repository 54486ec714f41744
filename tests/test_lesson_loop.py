"""The fast path (core/network.py) computes the plain lesson loop's numbers (tests/lesson_loop.py)
bit for bit: the same costs at every iteration and the same parameters after training, for one
model alone and for K models trained in lockstep."""
import numpy as np
import pytest

from initlab import lesson
from initlab.core.initializers import initialize
from initlab.core.network import Network
from lesson_loop import backward_propagation, forward_propagation, model

LESSON = [2, 10, 5, 1]
DEEP = [2, 16, 12, 12, 8, 8, 4, 1]
SCHEMES = ["zeros", "random", "he"]
ITERATIONS = 300


@pytest.fixture(scope="module")
def data():
    X, Y, _, _ = lesson.load_dataset()
    return X, Y


def _fast(params_list, dims, X, Y, activation, n, learning_rate):
    net = Network(params_list, dims, X, Y, activation)
    records = net.train(n, learning_rate, record_every=1)
    costs = np.array([lesson_costs for _, lesson_costs, _ in records]).T  # (K, n)
    return costs, net


@pytest.mark.parametrize("activation", ["relu", "tanh"])
@pytest.mark.parametrize("dims", [LESSON, DEEP], ids=["lesson", "deep"])
@pytest.mark.parametrize("together", [False, True], ids=["alone", "in-lockstep"])
def test_fast_path_equals_the_plain_loop_bit_for_bit(data, dims, activation, together):
    X, Y = data
    params = [initialize(name, dims, seed=3) for name in SCHEMES]
    if together:
        costs, net = _fast(params, dims, X, Y, activation, ITERATIONS, 0.01)
        runs = [(k, costs[k], net) for k in range(len(SCHEMES))]
    else:
        runs = []
        for p in params:
            costs, net = _fast([p], dims, X, Y, activation, ITERATIONS, 0.01)
            runs.append((0, costs[0], net))
    for (k, fast_costs, net), p, name in zip(runs, params, SCHEMES):
        with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
            plain_costs, plain_params = model(X, Y, p, ITERATIONS, 0.01, activation)
        np.testing.assert_array_equal(fast_costs, plain_costs, err_msg=name)
        trained = net.parameters(k)
        assert sorted(trained) == sorted(plain_params)
        for key, value in plain_params.items():
            np.testing.assert_array_equal(trained[key], value, err_msg=f"{name} {key}")


def test_the_random_x10_run_starts_at_inf_in_both(data):
    X, Y = data
    p = initialize("random", LESSON, seed=3)
    costs, _ = _fast([p], LESSON, X, Y, "relu", 1, 0.01)
    with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
        plain, _ = model(X, Y, p, 1, 0.01)
    assert costs[0, 0] == plain[0] == np.inf


def test_one_pass_holds_the_lessons_Z_A_dZ_dW_db(data):
    """The buffers themselves, named as the lesson names them, hold the plain loop's values."""
    X, Y = data
    params = [initialize(name, LESSON, seed=3) for name in ("he", "random")]
    for p in params:  # non-zero biases, so that + b and db are exercised from the first pass
        for key in p:
            if key.startswith("b"):
                p[key] = np.random.RandomState(len(key)).randn(*p[key].shape)
    net = Network(params, LESSON, X, Y)
    with np.errstate(over="ignore"):
        net.forward()
        net.backward()
    for k, p in enumerate(params):
        with np.errstate(over="ignore"):
            A_L, cache = forward_propagation(X, p)
            grads = backward_propagation(X, Y, cache, p)
        np.testing.assert_array_equal(net.A[-1][:, k], A_L)
        L = len(LESSON) - 1
        np.testing.assert_array_equal(net.Z[L][:, k], cache[f"Z{L}"])
        for l in range(1, len(LESSON)):
            # a hidden layer's g is applied in place, so its Z[l] then holds A[l]
            assert l == L or net.Z[l] is net.A[l]
            np.testing.assert_array_equal(net.A[l][:, k], cache[f"A{l}"])
            np.testing.assert_array_equal(net.dW[l][k], grads[f"dW{l}"])
            np.testing.assert_array_equal(net.db[l][:, k], grads[f"db{l}"])
        np.testing.assert_array_equal(net.dZ[len(LESSON) - 1][:, k], 1. / X.shape[1] * (A_L - Y))
