"""initlab.exercises: every classic initializer mistake gets its own specific message.

Each buggy variant below is a plausible learner's function; the test names the mistake
and the words its feedback must contain.
"""
import math

import numpy as np
import pytest

from exercise_solutions import SOLUTIONS
from initlab import exercises, lesson
from initlab.exercises import FAILED, NOT_IMPLEMENTED, PASSED


def make(kind, *, scale=None, seed=3, seed_inside_loop=False, rows=lambda d, l: d[l],
         bias=np.zeros, draw="randn", last=None):
    """A learner-style initializer with one knob turned; the defaults are the lesson's."""
    if scale is None:
        scale = {"random": lambda d, l: 10.0, "he": lambda d, l: math.sqrt(2 / d[l - 1])}.get(kind)

    def init(layers_dims):
        if seed is not None and not seed_inside_loop:
            np.random.seed(seed)
        parameters = {}
        L = len(layers_dims) if last is None else last(layers_dims)
        for l in range(1, L):
            if seed_inside_loop:
                np.random.seed(seed)
            n, n_prev = rows(layers_dims, l), layers_dims[l - 1]
            if kind == "zeros":
                W = np.zeros((n, n_prev))
            elif draw == "rand":
                W = np.random.rand(n, n_prev) * scale(layers_dims, l)
            else:
                W = np.random.randn(n, n_prev) * scale(layers_dims, l)
            parameters["W" + str(l)] = W
            parameters["b" + str(l)] = bias((n, 1))
        return parameters

    init.__name__ = f"initialize_parameters_{kind}"
    return init


def solution(name):
    namespace = {"np": np}
    exec(SOLUTIONS[name], namespace)
    return namespace[name]


def only_problem(feedback):
    assert feedback.status == FAILED, str(feedback)
    assert len(feedback.messages) == 1, str(feedback)
    return feedback.messages[0]


# --- correct functions pass -------------------------------------------------------------

@pytest.mark.parametrize("kind", ["zeros", "random", "he"])
def test_lesson_reference_passes(kind):
    fb = exercises.check(kind, getattr(lesson, f"initialize_parameters_{kind}"))
    assert fb.status == PASSED and fb.passed
    assert str(fb).startswith(f"initialize_parameters_{kind}: all checks passed")


@pytest.mark.parametrize("kind", ["zeros", "random", "he"])
def test_solutions_file_passes(kind):
    assert exercises.check(kind, solution(f"initialize_parameters_{kind}")).passed


@pytest.mark.parametrize("kind", ["zeros", "random", "he"])
def test_lesson_style_variant_passes(kind):
    assert exercises.check(kind, make(kind)).passed


def test_he_written_with_math_sqrt_of_a_different_but_equal_form_passes():
    def initialize_parameters_he(layers_dims):
        np.random.seed(3)
        p = {}
        for l in range(1, len(layers_dims)):
            p[f"W{l}"] = np.random.randn(layers_dims[l], layers_dims[l - 1]) * math.sqrt(2) / math.sqrt(layers_dims[l - 1])
            p[f"b{l}"] = np.zeros((layers_dims[l], 1))
        return p
    assert exercises.check_he(initialize_parameters_he).passed


# --- not implemented yet ----------------------------------------------------------------

@pytest.mark.parametrize("check", [exercises.check_zeros, exercises.check_random, exercises.check_he])
def test_blank_function_is_not_implemented_yet(check):
    def initialize_parameters_x(layers_dims):
        raise NotImplementedError
    fb = check(initialize_parameters_x)
    assert fb.status == NOT_IMPLEMENTED and not fb.implemented and not fb.passed
    assert str(fb).startswith("initialize_parameters_x: not implemented yet.")


def test_returning_none_is_not_implemented_yet_with_a_hint_about_return():
    def initialize_parameters_he(layers_dims):
        parameters = {}
        np.random.seed(3)
    fb = exercises.check_he(initialize_parameters_he)
    assert fb.status == NOT_IMPLEMENTED
    assert "return parameters" in str(fb)


# --- shapes -----------------------------------------------------------------------------

@pytest.mark.parametrize("kind", ["zeros", "random", "he"])
def test_layers_dims_one_for_l_is_named(kind):
    # the slip in one seed copy: np.zeros((layers_dims[1], layers_dims[l-1]))
    msg = only_problem(exercises.check(kind, make(kind, rows=lambda d, l: d[1])))
    assert "layers_dims[1]" in msg and "layers_dims[l]" in msg
    assert "layers_dims=[3, 2, 1]" in msg and "W2, b2 have 2 rows" in msg


def test_transposed_weights_are_named():
    def initialize_parameters_zeros(layers_dims):
        return {k: v for l in range(1, len(layers_dims)) for k, v in (
            (f"W{l}", np.zeros((layers_dims[l - 1], layers_dims[l]))),
            (f"b{l}", np.zeros((layers_dims[l], 1))))}
    msg = only_problem(exercises.check_zeros(initialize_parameters_zeros))
    assert "W1 has shape (3, 2), transposed" in msg and "(2, 3)" in msg


def test_flat_bias_is_named():
    msg = only_problem(exercises.check_zeros(make("zeros", bias=lambda shape: np.zeros(shape[0]))))
    assert "b1 has shape (2,), a 1-D array" in msg and "np.zeros((layers_dims[l], 1))" in msg


def test_np_zeros_with_two_arguments_gets_the_tuple_hint():
    def initialize_parameters_zeros(layers_dims):
        p = {}
        for l in range(1, len(layers_dims)):
            p["W" + str(l)] = np.zeros(layers_dims[l], layers_dims[l - 1])
            p["b" + str(l)] = np.zeros((layers_dims[l], 1))
        return p
    msg = only_problem(exercises.check_zeros(initialize_parameters_zeros))
    assert "TypeError" in msg and "ONE tuple" in msg


def test_randn_with_a_tuple_gets_the_separate_numbers_hint():
    def initialize_parameters_random(layers_dims):
        np.random.seed(3)
        p = {}
        for l in range(1, len(layers_dims)):
            p["W" + str(l)] = np.random.randn((layers_dims[l], layers_dims[l - 1])) * 10
            p["b" + str(l)] = np.zeros((layers_dims[l], 1))
        return p
    msg = only_problem(exercises.check_random(initialize_parameters_random))
    assert "separate numbers" in msg


def test_loop_stopping_one_layer_early_is_named():
    msg = only_problem(exercises.check_zeros(make("zeros", last=lambda d: len(d) - 1)))
    assert "one layer early" in msg and "W2/b2" in msg


def test_loop_starting_at_zero_is_named():
    def initialize_parameters_zeros(layers_dims):
        p = {}
        for l in range(0, len(layers_dims)):
            p["W" + str(l)] = np.zeros((layers_dims[l], layers_dims[l - 1]))
            p["b" + str(l)] = np.zeros((layers_dims[l], 1))
        return p
    msg = only_problem(exercises.check_zeros(initialize_parameters_zeros))
    assert "'W0'" in msg and "start the loop at l = 1" in msg


def test_returning_a_list_is_named():
    def initialize_parameters_zeros(layers_dims):
        return [np.zeros((layers_dims[1], layers_dims[0]))]
    assert "returned a list" in only_problem(exercises.check_zeros(initialize_parameters_zeros))


# --- biases and zeros -------------------------------------------------------------------

def test_non_zero_biases_are_named_for_zeros():
    msg = only_problem(exercises.check_zeros(make("zeros", bias=np.ones)))
    assert "b1, b2, b3 are not zero" in msg


def test_random_biases_in_he_also_explain_the_shifted_draws():
    fb = exercises.check_he(make("he", bias=lambda shape: np.random.randn(*shape)))
    assert fb.status == FAILED
    assert "b1, b2, b3 are not zero" in fb.messages[0]
    assert "shifts the ones the next W receives" in fb.messages[-1]


def test_zeros_with_random_weights_is_named():
    msg = only_problem(exercises.check_zeros(make("random")))
    assert "W1, W2, W3 are not all zeros" in msg


# --- the seed ---------------------------------------------------------------------------

@pytest.mark.parametrize("kind", ["random", "he"])
def test_missing_seed_is_named(kind):
    msg = only_problem(exercises.check(kind, make(kind, seed=None)))
    assert "np.random.seed(3) is not called inside the function" in msg


def test_seed_called_once_outside_the_function_is_still_a_missing_seed():
    np.random.seed(3)  # matches the reference on the first call only
    msg = only_problem(exercises.check_random(make("random", seed=None)))
    assert "different weights" in msg


def test_seed_inside_the_loop_is_named():
    msg = only_problem(exercises.check_he(make("he", seed_inside_loop=True)))
    assert "inside the loop" in msg


def test_other_seed_is_named_with_its_value():
    msg = only_problem(exercises.check_random(make("random", seed=1)))
    assert "np.random.seed(1)" in msg and "np.random.seed(3)" in msg


def test_uniform_draws_are_named():
    msg = only_problem(exercises.check_random(make("random", draw="rand")))
    assert "np.random.rand" in msg and "np.random.randn" in msg


# --- the scale --------------------------------------------------------------------------

def test_xavier_scale_in_he_is_named():
    msg = only_problem(exercises.check_he(make("he", scale=lambda d, l: math.sqrt(1 / d[l - 1]))))
    assert "sqrt(1 / layers_dims[l-1])" in msg and "Xavier" in msg
    assert "sqrt(2 / layers_dims[l-1])" in msg


def test_he_scaled_by_the_layers_own_size_is_named():
    msg = only_problem(exercises.check_he(make("he", scale=lambda d, l: math.sqrt(2 / d[l]))))
    assert "sqrt(2 / layers_dims[l])" in msg and "layer's own size" in msg


def test_he_without_the_square_root_is_named():
    msg = only_problem(exercises.check_he(make("he", scale=lambda d, l: 2 / d[l - 1])))
    assert "square root is missing" in msg


def test_he_with_the_random_scale_is_named():
    msg = only_problem(exercises.check_he(make("random")))
    assert "scaled by 10" in msg


@pytest.mark.parametrize("wrong", [0.01, 1.0, 100.0])
def test_random_scale_other_than_ten_is_named_with_its_value(wrong):
    msg = only_problem(exercises.check_random(make("random", scale=lambda d, l: wrong)))
    assert f"scaled by {wrong:g}" in msg and "by 10" in msg


def test_random_with_he_scale_reports_the_scales_found():
    msg = only_problem(exercises.check_random(make("he")))
    assert "scale is not 10" in msg and "W1: 1 (expected 10)" in msg


# --- the lab cell's guard ---------------------------------------------------------------

def test_ready_for_lab(capsys):
    def initialize_parameters_he(layers_dims):
        raise NotImplementedError
    assert not exercises.ready_for_lab(initialize_parameters_he)
    assert "initialize_parameters_he is not implemented yet" in capsys.readouterr().out

    assert not exercises.ready_for_lab(make("he", rows=lambda d, l: d[1]))
    assert "W2 of shape (10, 10); expected (5, 10)" in capsys.readouterr().out

    # a wrong scale is still worth training: the lab takes it
    assert exercises.ready_for_lab(make("he", scale=lambda d, l: math.sqrt(1 / d[l - 1])))
    assert exercises.ready_for_lab(solution("initialize_parameters_he"))
    assert capsys.readouterr().out == ""


def test_checking_leaves_the_global_random_stream_alone():
    np.random.seed(7)
    expected = np.random.RandomState(7).randn(3)
    exercises.check_he(make("he"))
    exercises.check_random(make("random", seed=None))
    assert np.array_equal(np.random.randn(3), expected)


# --- other networks (the graded notebook's hidden tests) ----------------------------------

DEEP = [2] + [64] * 10 + [1]


@pytest.mark.parametrize("kind", ["zeros", "random", "he"])
def test_checks_take_other_networks(kind):
    fb = exercises.check(kind, solution(f"initialize_parameters_{kind}"), networks=[[3, 1, 2], DEEP])
    assert fb.passed, str(fb)
    assert f"layers_dims [3, 1, 2], {DEEP}" in str(fb)


def test_a_hidden_network_shows_the_layers_dims_one_slip():
    # [3, 1, 2]: layers_dims[1] = 1, so W2 gets one row instead of two
    msg = only_problem(exercises.check_zeros(make("zeros", rows=lambda d, l: d[1]), networks=[[3, 1, 2]]))
    assert "layers_dims=[3, 1, 2]" in msg and "W2, b2 have 1 row:" in msg


def test_a_deep_network_names_the_seed_inside_the_loop():
    msg = only_problem(exercises.check_he(make("he", seed_inside_loop=True), networks=[DEEP]))
    assert "inside the loop" in msg


@pytest.mark.parametrize("networks, words", [
    ([], "at least one layers_dims"),
    (5, "a list of layers_dims"),
    ([[2]], "at least two layer sizes"),
    ([[2, 0, 1]], "whole numbers from 1 up; got [2, 0, 1]"),
    ([[2, 2.5, 1]], "whole numbers"),
    ("231", "at least two layer sizes"),
])
def test_bad_networks_are_named(networks, words):
    with pytest.raises(ValueError) as err:
        exercises.check_he(solution("initialize_parameters_he"), networks)
    assert words in str(err.value)
