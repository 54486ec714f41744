"""The batched network: gradients, costs, batching, determinism."""
import math

import numpy as np
import pytest

from initlab import Experiment
from initlab.core.initializers import initialize
from initlab.core.network import Network, lesson_cost, stable_cost


def _cost_and_net(params_list, dims, X, Y, activation):
    net = Network(params_list, dims, X, Y, activation)
    net.forward()
    return net.costs()[1], net


@pytest.mark.parametrize("activation", ["relu", "tanh"])
@pytest.mark.parametrize("depth", [2, 3, 4, 5, 6])
def test_gradients_match_finite_differences(depth, activation):
    rng = np.random.RandomState(depth)
    dims = [2] + list(rng.randint(2, 6, size=depth - 1)) + [1]
    X = rng.randn(2, 40)
    Y = (rng.rand(1, 40) > 0.5).astype(int)
    params_list = [initialize("he", dims, seed=s) for s in (0, 1, 2)]
    for params in params_list:  # non-zero biases exercise the bias gradient too
        for key in params:
            if key.startswith("b"):
                params[key] = rng.randn(*params[key].shape) * 0.1
    _, net = _cost_and_net(params_list, dims, X, Y, activation)
    net.backward()
    analytic = net.grad.copy()
    eps = 1e-6
    numeric = np.empty_like(analytic)
    for i in range(analytic.size):
        saved = net.theta[i]
        net.theta[i] = saved + eps
        net.forward()
        up = net.costs()[1].sum()  # each model's cost depends only on its own block
        net.theta[i] = saved - eps
        net.forward()
        down = net.costs()[1].sum()
        net.theta[i] = saved
        numeric[i] = (up - down) / (2 * eps)
    np.testing.assert_allclose(analytic, numeric, rtol=1e-5, atol=1e-8)


def test_batched_equals_separate():
    """Bit for bit, even for the chaotic x10 run, whose trajectory any 1-ulp change would move."""
    names = ["zeros", "random", "he", "xavier"]
    together = Experiment(initializations=names).step(2000)
    its, costs = together.cost_history()
    for k, name in enumerate(names):
        alone = Experiment(initializations=[name]).step(2000)
        its1, costs1 = alone.cost_history()
        np.testing.assert_array_equal(its, its1)
        np.testing.assert_array_equal(costs[k], costs1[0])
        for key, value in alone.parameters(0).items():
            np.testing.assert_array_equal(together.parameters(k)[key], value)


def test_experiment_he_matches_lesson_trace():
    from lesson_reference import COSTS
    e = Experiment(initializations=["he"]).step(15000)
    its, costs = e.cost_history()
    at_thousands = costs[0][np.isin(its, range(0, 15000, 1000))]
    np.testing.assert_allclose(at_thousands, COSTS["he"], rtol=1e-9)


def test_stable_cost_equals_lesson_cost_where_finite():
    rng = np.random.RandomState(0)
    Z = rng.randn(3, 200) * 6
    Y = (rng.rand(1, 200) > 0.5).astype(float)
    A = 1 / (1 + np.exp(-Z))
    np.testing.assert_allclose(stable_cost(Z, Y), lesson_cost(A, Y), rtol=1e-9)


def test_stable_cost_is_finite_where_the_lesson_prints_inf():
    Z = np.array([[40.0, -3.0]])  # sigmoid(40) rounds to exactly 1.0
    Y = np.array([[0, 0]])
    A = 1 / (1 + np.exp(-Z))
    assert lesson_cost(A, Y)[0] == math.inf
    assert stable_cost(Z, Y)[0] == pytest.approx((40 + math.log1p(math.exp(-40)) + math.log1p(math.exp(-3))) / 2)


def test_random_run_first_cost_inf_but_stable_cost_finite():
    e = Experiment(initializations=["random"]).step(1)
    assert e.cost_history()[1][0, 0] == math.inf
    stable = e.cost_history(stable=True)[1][0, 0]
    assert np.isfinite(stable) and stable > 10  # confidently wrong on some points


def test_same_config_same_results():
    a = Experiment(initializations=["random", "he"], dataset="moons", noise=0.2).step(300)
    b = Experiment(initializations=["random", "he"], dataset="moons", noise=0.2).step(300)
    np.testing.assert_array_equal(a.cost_history()[1], b.cost_history()[1])
    sa, sb = a.snapshot(), b.snapshot()
    np.testing.assert_array_equal(sa.boundary.probability, sb.boundary.probability)
    np.testing.assert_array_equal(sa.gradient_norm, sb.gradient_norm)


def test_reset_restores_initial_weights():
    e = Experiment(initializations=["random", "he", "xavier"])
    before = [e.parameters(k) for k in range(3)]
    e.step(200).reset()
    assert e.iteration == 0 and e.cost_history()[0].size == 0
    for k in range(3):
        for key, value in before[k].items():
            np.testing.assert_array_equal(e.parameters(k)[key], value)


def test_learning_rate_applies_from_next_iteration():
    a = Experiment(initializations=["he"]).step(100)
    b = Experiment(initializations=["he"]).step(100)
    b.learning_rate = 0.5
    a.step(100)
    b.step(100)
    assert b.cost_history()[1][0, -1] < a.cost_history()[1][0, -1]
    np.testing.assert_array_equal(a.cost_history()[1][0, :10], b.cost_history()[1][0, :10])


def test_snapshot_contents():
    e = Experiment(initializations=["zeros", "he"], layers_dims=[2, 6, 4, 3, 1], num_iterations=50)
    s = e.snapshot()
    assert s.iteration == 0 and s.cost_iterations.size == 0 and s.verdicts == ("not trained yet",) * 2
    e.step(50)
    s = e.snapshot(grid_size=30)
    assert e.done and s.iteration == 50 and s.labels == ("zeros", "He")
    assert s.lesson_costs.shape == s.stable_costs.shape == (2, 5)
    assert s.gradient_norm.shape == (2, 4) and s.activation_rms.shape == (2, 3)
    assert s.boundary.probability.shape == (2, 30, 30)
    assert np.all((s.boundary.probability >= 0) & (s.boundary.probability <= 1))
    # zeros: every hidden unit outputs 0 and no weight gradient flows
    np.testing.assert_array_equal(s.activation_rms[0], 0)
    np.testing.assert_array_equal(s.gradient_norm[0], 0)
    assert np.all(s.activation_rms[1] > 0) and np.all(s.gradient_norm[1] > 0)
    train, test = e.accuracy()
    np.testing.assert_array_equal(train, s.train_accuracy)
    np.testing.assert_array_equal(test, s.test_accuracy)


def test_random_scale_is_a_setting():
    small = Experiment(initializations=["random"], random_scale=0.5)
    big = Experiment(initializations=["random"])
    np.testing.assert_allclose(small.parameters(0)["W1"] * 20, big.parameters(0)["W1"])
    assert small.labels == ("random ×0.5",)


def test_custom_initializer_trains_beside_he():
    def my_he(layers_dims):
        return initialize("he", layers_dims, seed=3)
    e = Experiment(initializations=["he", my_he]).step(300)
    assert e.names == ("he", "my_he")
    np.testing.assert_array_equal(e.cost_history()[1][0], e.cost_history()[1][1])
