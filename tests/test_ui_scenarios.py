"""The scenario picker through the widgets, no browser: a click sets every setting, stops a run,
and leaves the settings changeable; InitLab(scenario=...)."""
import html

import pytest

from initlab import InitLab, scenarios
from initlab.core.query import to_query
from initlab.ui.runner import IDLE, RUNNING

from test_ui_app import LONG, make_lab, runner_threads, wait_for  # noqa: F401  (fixture)


def text(lab):
    return html.unescape(lab.picker.text.value)


def test_the_default_lab_is_the_lesson_scenario(make_lab):
    lab = make_lab()
    assert lab.picker.buttons["lesson"].button_style == "info"
    assert scenarios.describe("lesson") in text(lab)
    assert {b.description for b in lab.picker.buttons.values()} == {scenarios.title(n) for n in scenarios.names()}


@pytest.mark.parametrize("name", ["symmetry", "too-large", "deep-relu", "exploding"])
def test_a_click_sets_every_setting_and_shows_what_to_look_for(make_lab, name):
    lab = make_lab()
    lab.picker.buttons[name].click()
    wanted = scenarios.config(name)
    assert lab.config == lab.experiment.config == wanted
    assert lab.experiment.iteration == 0 and lab.state == IDLE
    assert [b for n, b in lab.picker.buttons.items() if b.button_style == "info"] == [lab.picker.buttons[name]]
    assert scenarios.describe(name) in text(lab)
    assert len(lab.controls.hidden) == len(wanted.layers_dims) - 2
    assert lab.cost_view.cost == lab.results_view.cost == wanted.cost
    assert len(lab.boundary_view.panels) == len(wanted.initializations)
    assert lab.share.text.value == "?" + to_query(wanted)


def test_a_click_mid_run_stops_the_run(make_lab):
    lab = make_lab(num_iterations=LONG)
    lab.transport.run.click()
    wait_for(lambda: lab.state == RUNNING and lab.experiment.iteration > 0)
    lab.picker.buttons["too-small"].click()
    assert lab.state == IDLE and lab.experiment.iteration == 0 and not runner_threads()
    assert lab.experiment.config == scenarios.config("too-small")
    assert not lab.controls.use["random"].disabled  # unlocked: the settings can be changed
    lab.picker.buttons["too-small"].click()  # twice: the same, no error
    assert lab.experiment.config == scenarios.config("too-small") and lab.error.value == ""


def test_the_settings_stay_changeable_after_a_scenario(make_lab):
    lab = make_lab()
    lab.picker.buttons["deep-tanh"].click()
    lab.controls.data_seed.value = 7
    assert lab.experiment.config == scenarios.config("deep-tanh").replace(data_seed=7)
    assert "data_seed=7" in lab.share.text.value
    lab.transport.step.click()
    wait_for(lambda: lab.experiment.iteration > 0 and lab.state != RUNNING)


def test_initlab_takes_a_scenario_and_overrides(make_lab):
    lab = InitLab(scenario="deep-relu", learning_rate=0.05)
    try:
        assert lab.config == scenarios.config("deep-relu").replace(learning_rate=0.05)
        assert "Ten hidden ReLU layers" in text(lab)
    finally:
        lab.close()
    with pytest.raises(TypeError, match="a config or a scenario, not both"):
        InitLab(scenarios.config("lesson"), scenario="lesson")
    with pytest.raises(ValueError, match="scenario must be one of lesson"):
        InitLab(scenario="nope")
