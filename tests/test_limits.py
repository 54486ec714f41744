"""Every size limit is declared in core/fields.py, is enforced by Config, and its message names it."""
import re

import numpy as np
import pytest

from initlab import Config, Experiment, lesson
from initlab.core import fields, scenarios

LAYERS = fields.LAYERS_DIMS.kind


def he_scaled(factor):
    def init(layers_dims):
        return {k: v * factor for k, v in lesson.initialize_parameters_he(layers_dims).items()}
    init.__name__ = f"he_x{factor:g}".replace(".", "_")
    return init


SEVEN = ["zeros", "random", "he", "xavier", he_scaled(2), he_scaled(3), he_scaled(4)]

# (fields, error, regex the message must match: the setting's name and the allowed range)
OVER_LIMITS = [
    ({"num_iterations": 1_000_001}, ValueError, r"num_iterations must be a whole number from 1 to 1,000,000; got 1,000,001"),
    ({"num_iterations": 0}, ValueError, r"num_iterations must be a whole number from 1 to 1,000,000; got 0"),
    ({"num_iterations": 1e9}, TypeError, r"num_iterations must be a whole number from 1 to 1,000,000"),
    ({"layers_dims": [2] + [8] * 21 + [1]}, ValueError, r"at most 20 hidden layers.*from 0 to 20\); got 21"),
    ({"layers_dims": [2, 10, 65, 1]}, ValueError,
     r"layers_dims\[2\] \(units in hidden layer 2\) must be a whole number from 1 to 64; got 65"),
    ({"layers_dims": [2, 20_000, 1]}, ValueError, r"units in hidden layer 1\) must be a whole number from 1 to 64; got 20,000"),
    ({"initializations": SEVEN}, ValueError, r"initializations must name from 1 to 6 schemes at once; got 7"),
    ({"n_samples": 501}, ValueError, r"n_samples must be a whole number from 6 to 500; got 501"),
    ({"n_samples": 5}, ValueError, r"n_samples must be a whole number from 6 to 500; got 5"),
    ({"random_scale": 1001}, ValueError, r"random_scale must be a number from 0.001 to 1,000; got 1,001"),
    ({"random_scale": 1e300}, ValueError, r"random_scale must be a number from 0.001 to 1,000"),
    ({"random_scale": 0.0001}, ValueError, r"random_scale must be a number from 0.001 to 1,000; got 0.0001"),
    ({"learning_rate": 101}, ValueError, r"learning_rate must be a number from 0.000001 to 100; got 101"),
    ({"learning_rate": 1e-7}, ValueError, r"learning_rate must be a number from 0.000001 to 100"),
    ({"num_iterations": 1_000_000, "record_every": 9}, ValueError,
     r"record_every must be at least 10 for num_iterations 1,000,000 \(at most 100,000 recorded costs"),
]


@pytest.mark.parametrize("fields,error,message", OVER_LIMITS)
def test_config_rejects_each_limit_by_name_and_range(fields, error, message):
    with pytest.raises(error, match=message):
        Config(**fields)


def test_every_limit_is_reachable_and_the_largest_experiment_builds():
    """The maxima themselves are allowed, all at once (benchmarks/limits.py times this one)."""
    c = Config(num_iterations=fields.NUM_ITERATIONS.limit.high, n_samples=fields.N_SAMPLES.limit.high,
               layers_dims=[2] + [LAYERS.units.high] * LAYERS.hidden.high + [1],
               initializations=SEVEN[:fields.INITIALIZATIONS.kind.count.high],
               random_scale=fields.RANDOM_SCALE.limit.high, learning_rate=fields.LEARNING_RATE.limit.high)
    e = Experiment(c).step(1)
    assert e.network.K == 6 and len(e.config.layers_dims) == 22 and e.data.train_X.shape == (2, 500)
    Config(random_scale=fields.RANDOM_SCALE.limit.low, learning_rate=fields.LEARNING_RATE.limit.low,
           n_samples=fields.N_SAMPLES.limit.low, num_iterations=1, layers_dims=[2, 1])


def test_deep_scenarios_fit_the_limits():
    """The deep scenarios' networks are within the limits, with room for twice their depth."""
    deep = {n: scenarios.config(n) for n in scenarios.names() if len(scenarios.config(n).layers_dims) > 4}
    assert sorted(deep) == ["deep-relu", "deep-tanh", "exploding"]
    for name, config in deep.items():
        hidden = config.layers_dims[1:-1]
        assert 2 * len(hidden) <= LAYERS.hidden.high, name
        assert max(hidden) <= LAYERS.units.high, name
        assert len(config.initializations) <= fields.INITIALIZATIONS.kind.count.high, name
        assert Config.from_json(config.to_json()) == config  # every value passes validation again


def test_the_learning_rate_limit_still_reaches_divergence():
    """Learners must be able to see lr 10 blow up the lesson network."""
    assert fields.LEARNING_RATE.limit.high >= 10
    e = Experiment(initializations=["he"], learning_rate=10, num_iterations=2000).step(2000)
    _, costs = e.cost_history(stable=True)
    train, _ = e.accuracy()
    assert not np.isfinite(costs[0, -1]) or costs[0, -1] > costs[0, 0], "lr 10 must diverge, not learn"
    assert train[0] < 0.7


def test_limits_describe_themselves_in_plain_numbers():
    assert fields.NUM_ITERATIONS.limit.describe() == "a whole number from 1 to 1,000,000"
    assert fields.SEED.limit.describe() == "a whole number from 0 to 4,294,967,294"
    assert fields.LEARNING_RATE.limit.describe() == "a number from 0.000001 to 100"
    assert "**" not in fields.SEED.limit.message("seed")


def test_seed_message_has_no_python_expression():
    with pytest.raises(ValueError) as info:
        Config(seed=2**32)
    assert "seed must be a whole number from 0 to 4,294,967,294; got 4,294,967,296" in str(info.value)
    assert not re.search(r"\*\*|2\^", str(info.value))
