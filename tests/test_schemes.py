"""core/schemes.py holds the lesson's facts about each initialization scheme: the scale rules
are the lesson's formulas, the formula text says the same as the rule, the seed and the ×10
are the lesson's, and the colours stay readable."""
import math

import numpy as np
import pytest

from initlab import Config, exercises
from initlab.core import schemes
from initlab.core.initializers import initialize
from initlab.core.schemes import DEFAULT_RANDOM_SCALE, LESSON_NAMES, LESSON_SEED, SCHEMES
from initlab.ui.palette import EXTRA_COLORS, contrast, scheme_colors

N_PREV = (1, 2, 3, 5, 10, 64, 500)


def test_the_lesson_seeds_with_3_and_scales_random_by_10():
    assert LESSON_SEED == 3
    assert DEFAULT_RANDOM_SCALE == 10.0


@pytest.mark.parametrize("n_prev", N_PREV)
def test_scale_rules_are_the_lessons_formulas(n_prev):
    # The lesson: He multiplies randn by sqrt(2./layers_dims[l-1]); Xavier uses sqrt(1./...);
    # "large random" multiplies by 10; zeros draws nothing.
    assert SCHEMES["he"].scale_for(n_prev) == math.sqrt(2.0 / n_prev)
    assert SCHEMES["xavier"].scale_for(n_prev) == math.sqrt(1.0 / n_prev)
    assert SCHEMES["random"].scale_for(n_prev) == 10.0
    assert SCHEMES["random"].scale_for(n_prev, random_scale=0.01) == 0.01
    assert SCHEMES["zeros"].scale_for(n_prev) == 0.0 and not SCHEMES["zeros"].draws


@pytest.mark.parametrize("name", schemes.NAMES)
@pytest.mark.parametrize("random_scale", (DEFAULT_RANDOM_SCALE, 0.01, 1.0))
def test_formula_text_says_what_the_rule_computes(name, random_scale):
    scheme = SCHEMES[name]
    text = scheme.formula_for(random_scale)
    for n_prev in N_PREV:
        layers_dims, l = [n_prev, 7], 1
        value = eval(text, {"sqrt": math.sqrt}, {"layers_dims": layers_dims, "l": l})  # noqa: S307
        assert value == pytest.approx(scheme.scale_for(n_prev, random_scale), rel=1e-15), text
    changes = scheme.formula_for(random_scale) != scheme.formula_for(random_scale * 3)
    assert changes == scheme.takes_random_scale


@pytest.mark.parametrize("name", schemes.NAMES)
def test_initialize_draws_randn_times_the_rule_from_the_lesson_seed(name):
    dims = [2, 10, 5, 1]
    params = initialize(name, dims, random_scale=0.5)
    rng = np.random.RandomState(LESSON_SEED)
    for l in range(1, len(dims)):
        want = (rng.randn(dims[l], dims[l - 1]) * SCHEMES[name].scale_for(dims[l - 1], 0.5)
                if SCHEMES[name].draws else np.zeros((dims[l], dims[l - 1])))
        np.testing.assert_array_equal(params[f"W{l}"], want)
        np.testing.assert_array_equal(params[f"b{l}"], np.zeros((dims[l], 1)))


def test_the_lesson_grades_zeros_random_and_he_and_compares_them_by_default():
    assert LESSON_NAMES == ("zeros", "random", "he")
    assert Config().initializations == LESSON_NAMES and Config().seed == LESSON_SEED
    assert Config().random_scale == DEFAULT_RANDOM_SCALE
    with pytest.raises(ValueError, match="kind must be one of zeros, random, he; got 'xavier'"):
        exercises.check("xavier", lambda dims: {})


def test_labels():
    assert [schemes.label(n) for n in schemes.NAMES] == ["zeros", "random ×10", "He", "Xavier"]
    assert schemes.label("random", 0.01) == "random ×0.01"
    assert [schemes.short_label(n) for n in schemes.NAMES] == ["zeros", "random", "He", "Xavier"]
    assert schemes.label("my_init") == schemes.short_label("my_init") == "my_init"  # a custom one
    assert not schemes.takes_random_scale("my_init")


def test_one_scheme_takes_the_random_scale():
    # The controls put the one random-scale box beside it.
    assert [n for n in schemes.NAMES if schemes.takes_random_scale(n)] == ["random"]


def test_unknown_name_is_refused_with_the_choices():
    with pytest.raises(ValueError, match="one of zeros, random, he, xavier or a function"):
        schemes.check_name("glorot")


@pytest.mark.parametrize("name", schemes.NAMES)
def test_scheme_colours_reach_4_5_to_1_on_white(name):
    assert contrast(SCHEMES[name].color) >= 4.5, f"{name}: {contrast(SCHEMES[name].color):.2f}:1"


def test_scheme_colours_are_distinct_from_each_other_and_the_spares():
    colors = [c.lower() for c in [*(s.color for s in SCHEMES.values()), *EXTRA_COLORS]]
    assert len(set(colors)) == len(colors)


def test_palette_reads_the_registry():
    assert scheme_colors(["he", "my_init", "zeros"]) == [SCHEMES["he"].color, EXTRA_COLORS[0],
                                                         SCHEMES["zeros"].color]
