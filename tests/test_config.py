"""Config validation, JSON round trip, and clear errors for bad input everywhere."""
import contextlib
import io
import json
import math
import re

import numpy as np
import pytest

from initlab import Config, Experiment, lesson
from initlab.core.datasets import make_dataset


def test_defaults_are_the_lessons():
    c = Config()
    assert (c.dataset, c.n_samples, c.noise, c.data_seed) == ("circles", 300, 0.05, 1)
    assert c.layers_dims == (2, 10, 5, 1) and c.activation == "relu"
    assert (c.seed, c.learning_rate, c.num_iterations, c.random_scale) == (3, 0.01, 15000, 10.0)


def test_json_round_trip():
    c = Config(dataset="spiral", noise=0.1, layers_dims=[2, 8, 8, 1], activation="tanh",
               initializations=["he", "xavier"], learning_rate=0.05, num_iterations=200, cost="stable")
    text = c.to_json()
    assert json.loads(text)["layers_dims"] == [2, 8, 8, 1]
    assert Config.from_json(text) == c
    a = Experiment(c).step(50)
    b = Experiment(Config.from_json(text)).step(50)
    np.testing.assert_array_equal(a.cost_history()[1], b.cost_history()[1])


def test_custom_initializer_round_trips_by_name():
    def mine(layers_dims):
        return lesson.initialize_parameters_he(layers_dims)
    c = Config(initializations=["zeros", mine])
    d = c.to_dict()
    assert d["initializations"] == ["zeros", "mine"]
    assert Config.from_dict(d, custom={"mine": mine}) == c
    with pytest.raises(ValueError, match="initializations entries must be one of.*'mine'"):
        Config.from_dict(d)


def test_experiment_kwargs_override_config():
    e = Experiment(Config(learning_rate=0.1), learning_rate=0.2)
    assert e.config.learning_rate == 0.2


BAD_CONFIGS = [
    ({"initializations": ["uniform"]}, ValueError, "initialization"),
    ({"initializations": []}, ValueError, "initializations"),
    ({"initializations": ["he", "he"]}, ValueError, "distinct"),
    ({"initializations": [3]}, TypeError, "initializations"),
    ({"activation": "sigmoid"}, ValueError, "activation"),
    ({"layers_dims": [2]}, ValueError, re.escape("layers_dims needs at least 2 sizes (input and output); got [2]")),
    ({"layers_dims": [2, 0, 1]}, ValueError, re.escape("layers_dims entries must be at least 1; got 0 in [2, 0, 1]")),
    ({"layers_dims": [2, 2.5, 1]}, TypeError,
     re.escape("layers_dims entries must be integers; got 2.5 in [2, 2.5, 1]")),
    ({"layers_dims": [3, 5, 1]}, ValueError,
     re.escape("layers_dims[0] must equal the number of input features (2); got 3")),
    ({"layers_dims": [2, 5, 2]}, ValueError,
     re.escape("layers_dims must end in 1 (one sigmoid output); got [2, 5, 2]")),
    ({"layers_dims": "2,5,1"}, TypeError, re.escape("layers_dims must be a list of layer sizes; got '2,5,1'")),
    ({"learning_rate": 0}, ValueError, "learning_rate"),
    ({"learning_rate": -0.1}, ValueError, "learning_rate"),
    ({"learning_rate": math.inf}, ValueError, "learning_rate"),
    ({"learning_rate": math.nan}, ValueError, "learning_rate"),
    ({"learning_rate": "0.1"}, TypeError, "learning_rate"),
    ({"num_iterations": -1}, ValueError, "num_iterations"),
    ({"num_iterations": 10.5}, TypeError, "num_iterations"),
    ({"dataset": "iris"}, ValueError, "dataset"),
    ({"noise": 1.5}, ValueError, "noise"),
    ({"noise": -0.1}, ValueError, "noise"),
    ({"n_samples": 3}, ValueError, "n_samples"),
    ({"seed": -1}, ValueError, "seed"),
    ({"data_seed": 1.0}, TypeError, "data_seed"),
    ({"random_scale": 0}, ValueError, "random_scale"),
    ({"cost": "mse"}, ValueError, "cost"),
    ({"record_every": 0}, ValueError, "record_every"),
]


@pytest.mark.parametrize("kwargs,error,name", BAD_CONFIGS)
def test_bad_config_is_a_clear_error(kwargs, error, name):
    with pytest.raises(error, match=name):
        Experiment(**kwargs)


def test_unknown_config_keys_are_refused():
    with pytest.raises(ValueError, match="unknown config keys.*'lr'"):
        Config.from_dict({"lr": 0.1})
    with pytest.raises(TypeError):
        Experiment(lr=0.1)


def test_bad_step_counts():
    e = Experiment(initializations=["he"])
    with pytest.raises(ValueError, match="n must be >= 0"):
        e.step(-1)
    with pytest.raises(TypeError, match="n must be an integer"):
        e.step("3")
    with pytest.raises(ValueError, match="learning_rate"):
        e.learning_rate = 0


def test_custom_initializer_with_wrong_shapes_is_named():
    def wrong(layers_dims):
        params = lesson.initialize_parameters_he(layers_dims)
        params["W2"] = params["W2"].T
        return params
    with pytest.raises(ValueError, match=r"'wrong' returned W2 of shape \(10, 5\); expected \(5, 10\)"):
        Experiment(initializations=[wrong])
    with pytest.raises(TypeError, match="must return a dict"):
        Experiment(initializations=[lambda dims: None])


@pytest.fixture(scope="module")
def data():
    return lesson.load_dataset()


def _model(*args, **kwargs):
    with contextlib.redirect_stdout(io.StringIO()):
        return lesson.model(*args, **kwargs)


def test_lesson_model_rejects_bad_input(data):
    X, Y = data[0], data[1]
    with pytest.raises(ValueError, match="same number of examples"):
        _model(X, Y[:, :10])
    with pytest.raises(ValueError, match="Y must have shape"):
        _model(X, Y.ravel())
    with pytest.raises(ValueError, match=r"labels must be 0 or 1; found \[2\]"):
        _model(X, Y * 2)
    with pytest.raises(ValueError, match="X must hold finite"):
        _model(np.where(X > 1, np.nan, X), Y)
    with pytest.raises(ValueError, match="learning_rate"):
        _model(X, Y, learning_rate=-1)
    with pytest.raises(ValueError, match="num_iterations"):
        _model(X, Y, num_iterations=-5)
    with pytest.raises(ValueError, match="initialization must be one of"):
        _model(X, Y, initialization="uniform")
    with pytest.raises(ValueError, match=re.escape("layers_dims needs at least 2 sizes (input and output); got [2]")):
        lesson.initialize_parameters_he([2])
    with pytest.raises(ValueError, match=re.escape("layers_dims entries must be at least 1; got 0 in [2, 0, 1]")):
        lesson.initialize_parameters_random([2, 0, 1])


@pytest.mark.parametrize("kwargs,name", [({"name": "blobs"}, "dataset"), ({"n_samples": 2}, "n_samples"),
                                         ({"noise": 3}, "noise"), ({"seed": -4}, "seed"),
                                         ({"n_samples": 30.0}, "n_samples")])
def test_make_dataset_rejects_bad_input(kwargs, name):
    with pytest.raises((ValueError, TypeError), match=name):
        make_dataset(**kwargs)
