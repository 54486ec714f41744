"""Scenarios: every one builds and trains; the deep ones show what their text says."""
import numpy as np
import pytest

from initlab import Config, Experiment, scenarios


def test_names_and_lookup():
    assert scenarios.names()[0] == "lesson"
    for required in ("lesson", "symmetry", "too-large", "too-small", "deep-relu", "deep-tanh", "exploding"):
        assert required in scenarios.names()
    assert scenarios.config("lesson") == Config()
    with pytest.raises(ValueError, match="scenario must be one of lesson, symmetry"):
        scenarios.config("nope")
    with pytest.raises(ValueError, match="scenario must be one of"):
        scenarios.describe("nope")


@pytest.mark.filterwarnings("ignore:invalid value:RuntimeWarning")  # exploding overflows: its point
@pytest.mark.parametrize("name", scenarios.names())
def test_every_scenario_builds_and_trains_50_iterations(name):
    config = scenarios.config(name)
    assert isinstance(config, Config)
    assert Config.from_json(config.to_json()) == config
    text = scenarios.describe(name)
    assert 2 <= text.count(". ") + 1 <= 4 and len(text) > 80, text
    e = Experiment(config).step(50)
    s = e.snapshot(boundary=False)
    assert s.iteration == 50
    hidden = len(config.layers_dims) - 2
    assert s.activation_histograms.shape[:2] == (len(config.initializations), hidden)
    np.testing.assert_allclose(s.activation_histograms.sum(axis=2), 1.0)
    assert all(v != "not trained yet" for v in s.verdicts)


def test_scenarios_set_what_their_text_promises():
    deep = scenarios.config("deep-relu")
    assert deep.layers_dims == (2,) + (64,) * 10 + (1,) and deep.activation == "relu"
    assert set(deep.initializations) == {"he", "xavier"}
    tanh = scenarios.config("deep-tanh")
    assert tanh.layers_dims == deep.layers_dims and tanh.activation == "tanh"
    assert scenarios.config("symmetry").initializations == ("zeros", "he")
    assert scenarios.config("too-large").random_scale == 10.0
    assert scenarios.config("too-small").random_scale == 0.01
    exploding = scenarios.config("exploding")
    assert exploding.layers_dims == deep.layers_dims and exploding.random_scale == 1.0  # randn × 1


def test_deep_relu_xavier_signal_fades_he_holds():
    e = Experiment(scenarios.config("deep-relu"))
    s = e.snapshot(boundary=False)
    he, xavier = s.names.index("he"), s.names.index("xavier")
    assert s.activation_rms[xavier, -1] < s.activation_rms[he, -1] / 5  # last hidden layer
    # Shared bins: Xavier's mass in the last hidden layer sits in lower bins than He's.
    centers = np.arange(s.activation_histograms.shape[2])
    mean_bin = (s.activation_histograms[:, -1, 1:] * centers[1:]).sum(axis=1) / s.activation_histograms[:, -1, 1:].sum(axis=1)
    assert mean_bin[xavier] < mean_bin[he] - 2


def test_exploding_blows_up_layer_by_layer():
    s = Experiment(scenarios.config("exploding")).snapshot(boundary=False)
    rms = s.activation_rms[s.names.index("random")]
    assert np.all(np.diff(rms) > 0) and rms[-1] > 1e6
    assert np.all(s.activation_rms[s.names.index("he")] < 10)
