"""Clear ValueError/TypeError, naming the parameter, where the Python API used to be raw or wrong."""
import contextlib
import io

import numpy as np
import pytest

from initlab import Config, Experiment, lesson


@pytest.fixture(scope="module")
def data():
    return lesson.load_dataset()


@pytest.fixture(scope="module")
def trained(data):
    with contextlib.redirect_stdout(io.StringIO()):
        return lesson.model(data[0], data[1], num_iterations=200, print_cost=False)


def quiet(fn, *args):
    with contextlib.redirect_stdout(io.StringIO()):
        return fn(*args)


# --- lesson.predict / predict_dec / forward_propagation ------------------------------------

def test_predict_with_a_missing_parameter_is_refused(data, trained):
    """A missing b3 used to run a 2-layer network silently (accuracy 0.5)."""
    params = {k: v for k, v in trained.items() if k != "b3"}
    for call in (lambda: quiet(lesson.predict, data[0], data[1], params),
                 lambda: lesson.predict_dec(params, data[0]),
                 lambda: lesson.forward_propagation(data[0], params)):
        with pytest.raises(ValueError, match=r"parameters must hold exactly W1, b1, \.\.\., W3, b3; missing \['b3'\]"):
            call()
    with pytest.raises(ValueError, match=r"missing \['W2'\]"):
        lesson.predict_dec({k: v for k, v in trained.items() if k != "W2"}, data[0])


def test_predict_with_an_extra_parameter_is_refused(data, trained):
    with pytest.raises(ValueError, match=r"parameters must hold exactly .*unexpected \['b4'\]"):
        quiet(lesson.predict, data[0], data[1], {**trained, "b4": np.zeros((1, 1))})
    with pytest.raises(ValueError, match=r"unexpected \['lr'\]"):
        lesson.predict_dec({**trained, "lr": 0.1}, data[0])
    with pytest.raises(TypeError, match="parameters must be a dict"):
        lesson.predict_dec([trained["W1"]], data[0])


def test_parameters_must_chain(data, trained):
    with pytest.raises(ValueError, match=r"parameters\['W2'\] has shape \(10, 5\); expected 10 columns"):
        lesson.predict_dec({**trained, "W2": trained["W2"].T}, data[0])
    with pytest.raises(ValueError, match=r"parameters\['b1'\] has shape \(3, 1\); expected \(10, 1\)"):
        lesson.predict_dec({**trained, "b1": np.zeros((3, 1))}, data[0])


def test_empty_X_is_refused(data, trained):
    empty = np.zeros((2, 0))
    with pytest.raises(ValueError, match=r"X has no examples: shape \(2, 0\)"):
        lesson.predict_dec(trained, empty)
    with pytest.raises(ValueError, match="X has no examples"):
        lesson.forward_propagation(empty, trained)
    with pytest.raises(ValueError, match="X has no examples"):
        quiet(lesson.predict, empty, np.zeros((1, 0)), trained)
    with pytest.raises(ValueError, match="X has no examples"):
        quiet(lesson.model, empty, np.zeros((1, 0)))


@pytest.mark.parametrize("call", ["predict", "predict_dec", "forward_propagation"])
def test_a_feature_count_mismatch_names_X_and_W1(data, trained, call):
    X3 = np.vstack([data[0], data[0][:1]])
    run = {"predict": lambda: quiet(lesson.predict, X3, data[1], trained),
           "predict_dec": lambda: lesson.predict_dec(trained, X3),
           "forward_propagation": lambda: lesson.forward_propagation(X3, trained)}[call]
    with pytest.raises(ValueError, match=r"X has 3 features \(rows\) but the parameters expect 2 \(W1 has shape"):
        run()


def test_the_right_parameters_still_predict_as_before(data, trained):
    p = quiet(lesson.predict, data[0], data[1], trained)
    np.testing.assert_array_equal(p.astype(bool), lesson.predict_dec(trained, data[0]))
    a3, _ = lesson.forward_propagation(data[0], trained)
    np.testing.assert_array_equal(a3 > 0.5, p.astype(bool))


# --- Config and Experiment --------------------------------------------------------------------

def test_initializations_none_is_a_clear_type_error():
    with pytest.raises(TypeError, match="initializations must be a name such as 'he', a function, or a list"):
        Config(initializations=None)
    with pytest.raises(TypeError, match="initializations must be"):
        Config(initializations=3)


def test_a_single_name_is_accepted_as_one_initialization():
    """Documented in docs/settings.md: "he" means ("he",), never the letters h and e."""
    assert Config(initializations="he").initializations == ("he",)
    assert Config(initializations="he") == Config(initializations=["he"])
    assert Experiment(initializations="he").names == ("he",)


def test_experiment_given_a_dict_says_how_to_pass_one():
    d = Config(learning_rate=0.1).to_dict()
    with pytest.raises(TypeError, match=r"config must be an initlab Config \(for a dict d: Experiment\(\*\*d\)"):
        Experiment(d, seed=1)
    with pytest.raises(TypeError, match="got dict"):
        Experiment(d)
    assert Experiment(**d).config.learning_rate == 0.1


@pytest.mark.parametrize("dtype,error", [(complex, "complex128"), (object, "object")])
def test_non_real_weights_from_a_custom_initializer_are_refused(dtype, error):
    def odd(layers_dims):
        params = lesson.initialize_parameters_he(layers_dims)
        params["W2"] = params["W2"].astype(dtype)
        return params
    with pytest.raises(TypeError, match=rf"initializer 'odd' returned W2 of dtype {error}; expected real numbers"):
        Experiment(initializations=[odd])


@pytest.mark.parametrize("name", ["zeros", "random", "he", "xavier"])
def test_a_custom_initializer_named_like_a_built_in_is_refused(name):
    """It used to train once, then be replaced by the built-in on the next settings change."""
    def fn(layers_dims):
        return lesson.initialize_parameters_zeros(layers_dims)
    fn.__name__ = name
    with pytest.raises(ValueError, match=rf"your function '{name}' has the name of the built-in '{name}'"):
        Config(initializations=[fn])
    fn.__name__ = f"my_{name}"
    assert Config(initializations=[fn]).names == (f"my_{name}",)
