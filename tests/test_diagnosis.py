"""Verdicts name the true cause, computed from the core's own numbers, case by case."""
import math
import warnings

import numpy as np
import pytest

from initlab import Experiment, scenarios
from initlab.core.diagnosis import verdict

DEEP = [2] + [64] * 10 + [1]


def run(n, **config):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # overflow is the point of some cases
        e = Experiment(**config).step(n)
        return e.snapshot(boundary=False)


def test_lesson_runs_get_their_verdicts():
    # The lecture notebook prints these three (nbval-checked).
    zeros, random, he = run(15000, initializations=["zeros", "random", "he"]).verdicts
    assert zeros == "stuck at ln 2 — symmetric units learn nothing"
    assert he == "learned the boundary"
    assert random == "plateau: cost barely moving"


def test_random_x10_starts_too_large_and_saturated():
    (v,) = run(10, initializations=["random"]).verdicts
    assert v.startswith("weights too large") and "layer 2" in v and "saturated" in v


def test_diverging_learning_rate_is_named():
    s = run(100, initializations=["he"], learning_rate=10.0)
    (v,) = s.verdicts
    assert "learning rate" in v and "weights too large" not in v, v
    assert "dead" not in v.split(";")[0]  # the dead layer is the consequence, not the cause


def huge(layers_dims):
    """randn x 1e300: beyond the random scale's limit, so a custom initializer; overflows at once."""
    rng = np.random.RandomState(3)
    return {key: rng.randn(layers_dims[l], layers_dims[l - 1] if key[0] == "W" else 1) * (1e300 if key[0] == "W" else 0)
            for l in range(1, len(layers_dims)) for key in (f"W{l}", f"b{l}")}


def test_far_too_large_scale_says_weights_too_large():
    for config in (dict(initializations=["random"], random_scale=1000.0), dict(initializations=[huge])):
        (v,) = run(100, **config).verdicts
        assert v.startswith("weights too large"), (config, v)
        assert "learning rate" not in v


def test_deep_xavier_with_relu_names_the_vanishing_layer():
    s = run(20, layers_dims=DEEP, initializations=["he", "xavier"])
    he, xavier = s.verdicts
    assert "vanish" not in he
    layer = 1 + int(np.argmax(s.activation_rms[1] < 0.1))
    assert xavier.startswith(f"signal vanishes from layer {layer}:"), xavier
    assert 3 <= layer <= 8


def test_deep_small_scale_names_the_vanishing_layer():
    (v,) = run(20, layers_dims=DEEP, initializations=["random"], random_scale=0.01).verdicts
    assert v.startswith("signal vanishes from layer 1:"), v


def test_exploding_scenario_blames_the_weights():
    s = run(5, config=None, **scenarios.config("exploding").to_dict())
    v = s.verdicts[s.names.index("random")]
    assert v.startswith("weights too large: activations leave the healthy range at layer 3"), v


def test_zeros_says_symmetric_even_with_a_large_learning_rate():
    (v,) = run(50, initializations=["zeros"], learning_rate=10.0).verdicts
    assert "symmetric" in v


def test_not_trained_and_learning_branches():
    kw = dict(initial_cost=0.8, initial_rms=np.array([0.5, 0.5]), activation_rms=np.array([0.5, 0.4]),
              distinct_units=np.array([3, 2]), units=np.array([3, 2]), saturation=0.0)
    assert verdict(0, [], 0.8, 0.5, **kw) == "not trained yet"
    assert verdict(5, [0.8, 0.7], 0.7, 0.6, **kw) == "learning"
    assert verdict(5, [0.7, 0.7], 0.7, 0.6, **kw).startswith("plateau")
    assert verdict(5, [0.8, 0.5], 0.5, 0.98, **kw) == "learned the boundary"
    assert verdict(5, [0.8, 0.7], 0.7, 0.6, **{**kw, "saturation": 0.5}).startswith("saturated outputs")
    assert verdict(5, [0.8, 0.7], 0.7, 0.6, **{**kw, "activation_rms": np.array([0.5, 0.0])}) \
        == "dead layer 2: no unit is active, no gradient flows"
    assert verdict(5, [0.8], math.nan, 0.5, **kw).startswith("diverged: the cost is not finite — the learning rate")
    assert verdict(5, [0.8, 0.9], 0.9, 0.5, **kw).startswith("learning rate too large: the cost rose from 0.8 to 0.9")
    sym = {**kw, "distinct_units": np.array([1, 1])}
    assert verdict(5, [0.9], 0.9, 0.6, **sym).startswith("symmetric units")
    assert verdict(5, [0.9], math.log(2), 0.5, **sym).startswith("stuck at ln 2")


@pytest.mark.parametrize("stable", [False, True])
def test_results_table_never_shows_zero_beside_not_finite(stable):
    from initlab.ui.views.results import ResultsView
    s = run(10, initializations=[huge, "he"])
    assert not np.isfinite(s.stable_cost[0]) and s.lesson_cost[0] == 0  # np.nansum of nan: the lesson's 0
    view = ResultsView("stable" if stable else "lesson")
    view.update(s)
    row = view.widget.value.split("data-initialization='huge'")[1].split("</tr>")[0]
    cost = row.split("initlab-current-cost'>")[1].split("</td>")[0]
    assert cost == "not finite", cost
    assert "weights too large" in row
