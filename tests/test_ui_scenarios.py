"""The scenario picker through the widgets, no browser: a click sets every setting, stops a run,
and leaves the settings changeable; InitLab(scenario=...)."""
import html

import numpy as np
import pytest

from initlab import Experiment, InitLab, scenarios
from initlab.core.query import to_query
from initlab.ui.runner import DONE, IDLE, PAUSED, RUNNING

from lab_helpers import LONG, runner_threads, wait_for


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
    assert lab.experiment.config == scenarios.config("too-small") and lab.notices.error.value == ""


def test_a_click_while_looking_back_returns_the_timeline_to_the_new_present(make_lab):
    lab = make_lab(num_iterations=LONG, pace=3000)
    lab.transport.run.click()
    wait_for(lambda: lab.experiment.iteration > 300)
    lab.timeline.slider.value = 100  # dragging pauses the run and shows iteration 100
    assert lab.state == PAUSED and not lab.timeline.live and lab.transport.iteration.value == "100"
    lab.picker.buttons["symmetry"].click()
    assert lab.state == IDLE and lab.experiment.iteration == 0 and not runner_threads()
    assert lab.timeline.live and lab.timeline.slider.max == 0 and lab.transport.iteration.value == "0"
    fresh = Experiment(scenarios.config("symmetry")).snapshot()
    np.testing.assert_array_equal(lab.symmetry_view.bars.y, fresh.distinct_units.astype(float))
    # The new experiment trains and scrubs as any other: its histograms follow the timeline.
    lab.transport.step_size.value = 100
    lab.transport.step.click()
    wait_for(lambda: lab.experiment.iteration == 100 and lab.state != RUNNING)
    lab.timeline.slider.value = 40
    assert lab.inside_tabs.titles[lab.inside_tabs.selected_index] == "Symmetry"  # the scenario's tab
    lab.inside_tabs.selected_index = 0  # the learner opens the activations: drawn at iteration 40
    at_40 = Experiment(scenarios.config("symmetry")).step(40).snapshot()
    np.testing.assert_allclose(np.asarray(lab.inside_view.histograms.heatmaps[1].color, dtype=float),
                               at_40.activation_histograms[1], rtol=1e-6)
    assert lab.state in (PAUSED, DONE) and lab.transport.iteration.value == "40"


def test_the_settings_stay_changeable_after_a_scenario(make_lab):
    lab = make_lab()
    lab.picker.buttons["deep-tanh"].click()
    lab.controls.data_seed.value = 7
    assert lab.experiment.config == scenarios.config("deep-tanh").replace(data_seed=7)
    assert "data_seed=7" in lab.share.text.value
    lab.transport.step_size.value = 10  # exact steps: a deep network's 100 take seconds on a loaded machine
    lab.transport.step.click()
    wait_for(lambda: lab.experiment.iteration > 0 and lab.state != RUNNING, timeout=30)
    assert lab.experiment.iteration == 10


def test_initlab_takes_a_scenario_and_overrides(make_lab):
    lab = InitLab(scenario="deep-relu", learning_rate=0.05)
    try:
        assert lab.config == scenarios.config("deep-relu").replace(learning_rate=0.05)
        assert "Ten hidden ReLU layers" in text(lab)
    finally:
        lab.close()
    with pytest.raises(TypeError, match="one of a config, a scenario or a step, not several"):
        InitLab(scenarios.config("lesson"), scenario="lesson")
    with pytest.raises(ValueError, match="scenario must be one of lesson"):
        InitLab(scenario="nope")
