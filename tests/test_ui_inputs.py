"""Typed values in the controls, driven in Python: every bad value gets a message in the
learner's words (the field's label and range), all at once; Run/Step wait; panels go stale."""
import re
import threading

import pytest

from initlab import InitLab, lesson
from initlab.ui.notices import STALE
from initlab.ui.runner import IDLE, PAUSED, THREAD_NAME


@pytest.fixture
def lab(make_lab):
    return make_lab


def messages(lab):
    return [re.sub("<[^>]+>", "", m) for m in re.findall(r"<li>(.*?)</li>", lab.notices.config_error.value)]


def stale(lab):
    return [STALE in v.widget._dom_classes for v in lab.views]


# (box attribute, label in the message, range in the message)
FIELDS = [
    ("num_iterations", "iterations", "a whole number from 1 to 1,000,000"),
    ("seed", "weight seed", "a whole number from 0 to 4,294,967,294"),
    ("data_seed", "data seed", "a whole number from 0 to 4,294,967,294"),
    ("random_scale", "random scale ×", "a number from 0.001 to 1,000"),
    ("learning_rate_text", "learning rate", "a number from 0.000001 to 100"),
    ("noise_text", "noise", "a number from 0 to 1"),
]
BAD = {"whole": ["1e9", "1.5", "abc", "", "-1", "1,5"], "real": ["abc", "", "1e9", "-1", "nan", "inf"]}


@pytest.mark.parametrize("attr,label,allowed", FIELDS)
def test_each_bad_value_names_the_field_and_keeps_what_was_typed(lab, attr, label, allowed):
    lab = lab(num_iterations=500)
    box = getattr(lab.controls, attr)
    good = lab.experiment
    for text in BAD["whole" if box.limit.integer else "real"]:
        box.value = text
        typed = "the box is empty" if not text else f"you typed “{text}”"
        assert messages(lab) == [f"{label} must be {allowed} ({typed})"], text
        assert box.value == text, "the box shows what was typed, never another number"
        assert lab.transport.run.disabled and lab.transport.step.disabled
        assert all(stale(lab))
        assert lab.run() is False and lab.step() is False and lab.state == IDLE
        assert lab.experiment is good and good.iteration == 0
    for text in ("1", " 1 "):
        box.value = text
        assert lab.notices.config_error.value == "" and not lab.transport.run.disabled and not any(stale(lab))


def test_all_current_errors_are_shown_not_just_the_first(lab):
    lab = lab()
    c = lab.controls
    c.num_iterations.value = "1e9"
    c.seed.value = "1.5"
    c.data_seed.value = "abc"
    c.hidden[1].value = "65"
    c.learning_rate_text.value = ""
    got = messages(lab)
    assert got == ["data seed must be a whole number from 0 to 4,294,967,294 (you typed “abc”)",
                   "units in hidden layer 2 must be a whole number from 1 to 64 (you typed “65”)",
                   "weight seed must be a whole number from 0 to 4,294,967,294 (you typed “1.5”)",
                   "learning rate must be a number from 0.000001 to 100 (the box is empty)",
                   "iterations must be a whole number from 1 to 1,000,000 (you typed “1e9”)"]
    assert not any(name in lab.notices.config_error.value for name in ("data_seed", "num_iterations", "2**32"))
    c.num_iterations.value = "15,000"  # a thousands separator is fine
    c.seed.value = "4"
    c.data_seed.value = "1"
    c.hidden[1].value = "6"
    assert len(messages(lab)) == 1 and lab.transport.run.disabled
    c.learning_rate_text.value = "0.02"  # the last fix applies every other change too
    assert lab.notices.config_error.value == "" and not lab.transport.run.disabled
    config = lab.experiment.config
    assert (config.num_iterations, config.seed, config.layers_dims, config.learning_rate) == \
        (15000, 4, (2, 10, 6, 1), 0.02)


def test_slider_readouts_do_not_clamp_silently(lab):
    lab = lab()
    c = lab.controls
    c.learning_rate_text.value = "1000"
    assert messages(lab) == ["learning rate must be a number from 0.000001 to 100 (you typed “1000”)"]
    assert c.learning_rate.value == 0.01 and lab.experiment.learning_rate == 0.01
    c.noise_text.value = "1.5"
    assert "noise must be a number from 0 to 1 (you typed “1.5”)" in messages(lab)
    assert c.noise.value == 0.05 and c.noise_text.value == "1.5"
    c.learning_rate_text.value = "10"  # divergence is within reach
    c.noise_text.value = "0.3"
    assert lab.notices.config_error.value == ""
    assert c.learning_rate.value == 10 and c.noise.value == 0.3 and lab.experiment.config.noise == 0.3
    assert lab.experiment.learning_rate == 10
    c.learning_rate.value = 0.001  # dragging the slider writes the box
    assert c.learning_rate_text.value == "0.001" and lab.experiment.learning_rate == 0.001
    c.noise.value = 0.055  # a value set from code, even between steps, is what the box shows
    assert c.noise_text.value == "0.055" and lab.experiment.config.noise == 0.055
    c.noise_text.value = "0.123"
    c.noise.value = 0.12  # the slider rounding a typed value to its step does not rewrite the box
    assert c.noise_text.value == "0.123" and lab.experiment.config.noise == 0.123


def test_an_invalid_learning_rate_mid_run_blocks_resume(lab):
    lab = lab(num_iterations=10**6)
    lab.transport.run.click()
    lab.transport.pause.click()
    assert lab.state == PAUSED
    lab.controls.learning_rate_text.value = "abc"
    assert lab.transport.pause.disabled and lab.transport.run.disabled and lab.transport.step.disabled
    assert lab.toggle_pause() is False and lab.state == PAUSED
    lab.controls.learning_rate_text.value = "0.05"
    assert not lab.transport.pause.disabled and lab.experiment.learning_rate == 0.05
    lab.transport.pause.click()
    assert lab.state != PAUSED


def test_too_many_initializations_at_once(lab):
    def mine(factor):
        def fn(layers_dims):
            return lesson.initialize_parameters_he(layers_dims)
        fn.__name__ = f"mine{factor}"
        return fn
    lab = lab(initializations=[mine(1), mine(2), mine(3)])
    for box in lab.controls.use.values():
        box.value = True
    assert messages(lab) == ["at most 6 initializations can be compared at once (7 are ticked)"]
    lab.controls.use["xavier"].value = False
    assert lab.notices.config_error.value == "" and lab.experiment.network.K == 6
    for box in lab.controls.use.values():
        box.value = False
    assert messages(lab) == ["tick at least one initialization to compare"]


def test_layers_up_to_the_limit_with_a_stated_reason(lab):
    lab = lab()
    c = lab.controls
    assert "add a hidden layer of 10 units (up to 20 hidden layers)" == c.add_layer.tooltip
    c.add_layer.click()
    assert lab.experiment.config.layers_dims == (2, 10, 5, 10, 1), "a new layer gets 10 units, not a copy"
    while not c.add_layer.disabled:
        c.add_layer.click()
    assert len(lab.experiment.config.layers_dims) == 22 and lab.notices.config_error.value == ""
    assert c.add_layer.tooltip == "at most 20 hidden layers (the limit)"
    assert "20 hidden layers: the most allowed" in c.layers_note.value
    c.hidden[19].value = "abc"
    c.remove_layer.click()  # an invalid size is kept as typed; removing the last layer drops it
    assert lab.notices.config_error.value == "" and c.layers_note.value == "" and not c.add_layer.disabled
    while not c.remove_layer.disabled:
        c.remove_layer.click()
    assert lab.experiment.config.layers_dims == (2, 1)
    assert c.remove_layer.tooltip == "no hidden layer left to remove"


def test_numbers_set_from_code_show_as_numbers(lab):
    lab = lab(learning_rate=2e-6, random_scale=0.5, num_iterations=7)
    c = lab.controls
    assert (c.learning_rate_text.value, c.random_scale.value, c.num_iterations.value) == ("2e-06", "0.5", "7")
    c.num_iterations.value = 300
    assert c.num_iterations.value == "300" and lab.experiment.config.num_iterations == 300
