"""InitLab through its widgets, no browser: set controls, click buttons, read traits."""
import re
import time

import bqplot as bq
import numpy as np
import pytest

from initlab import Config, Experiment, InitLab
from initlab.ui.runner import DONE, ERROR, IDLE, PAUSED, RUNNING

from lab_helpers import LONG, runner_threads, wait_for

def snapshot_histograms(lab):
    return lab.experiment.snapshot(boundary=False).activation_histograms


def table_rows(lab):
    """(initialization, train accuracy) per row of the results table, parsed from its HTML."""
    html = lab.results_view.widget.value
    assert "<table class='initlab-results'>" in html
    return re.findall(r"<tr data-initialization='([^']+)'>.*?initlab-train-accuracy'>([0-9.]+)<", html)


# --- construction ------------------------------------------------------------------------

def test_keywords_preset_the_config_and_the_controls(make_lab):
    lab = make_lab(initializations=["he", "xavier"], layers_dims=[2, 20, 20, 1], learning_rate=0.05,
                   dataset="moons", activation="tanh")
    assert lab.config == Config(initializations=("he", "xavier"), layers_dims=(2, 20, 20, 1),
                                learning_rate=0.05, dataset="moons", activation="tanh")
    assert [w.value for w in lab.controls.hidden] == ["20", "20"]
    assert {n for n, box in lab.controls.use.items() if box.value} == {"he", "xavier"}
    assert len(lab.boundary_view.panels) == 2
    assert [p.figure.title for p in lab.boundary_view.panels] == ["He", "Xavier"]
    assert [name for name, _ in table_rows(lab)] == ["he", "xavier"]
    assert lab.state == IDLE and lab.experiment.iteration == 0, "nothing trains at construction"
    assert not runner_threads()
    # Values beyond the controls' usual ranges are kept, not clamped.
    odd = dict(learning_rate=3.0, noise=0.8, random_scale=0.5, num_iterations=7, n_samples=40, seed=11)
    assert make_lab(**odd).config == Config(**odd)
    assert make_lab(learning_rate=2e-6).config.learning_rate == 2e-6


def test_invalid_keywords_raise_the_configs_error():
    with pytest.raises(ValueError, match="layers_dims entries must be at least 1"):
        InitLab(layers_dims=[2, 0, 1])
    with pytest.raises(ValueError, match="initializations entries must be one of"):
        InitLab(initializations=["ones"])


def test_a_custom_initializer_gets_a_checkbox_and_trains(make_lab):
    def tiny(layers_dims):
        rng = np.random.RandomState(0)
        return {k: v for l in range(1, len(layers_dims)) for k, v in
                ((f"W{l}", rng.randn(layers_dims[l], layers_dims[l - 1]) * 0.01),
                 (f"b{l}", np.zeros((layers_dims[l], 1))))}

    lab = make_lab(initializations=["he", tiny], num_iterations=300)
    assert lab.controls.use["tiny"].value and not lab.controls.use["zeros"].value
    assert lab.config.initializations == ("he", tiny)
    lab.transport.run.click()
    wait_for(lambda: lab.state == DONE)
    assert [name for name, _ in table_rows(lab)] == ["he", "tiny"]
    lab.controls.use["tiny"].value = False  # still finished: waits for Reset
    lab.transport.reset.click()
    assert lab.experiment.names == ("he",)


# --- running -----------------------------------------------------------------------------

def test_run_grows_the_cost_lines_and_changes_the_boundary(make_lab):
    lab = make_lab(num_iterations=4000)
    lines = lab.cost_view.lines
    assert lines.visible is False and lines.display_legend is False
    before = [c.copy() for c in lab.boundary_view.colors]
    lengths = []
    lines.observe(lambda change: lengths.append(len(change["new"])), "x")
    lab.transport.run.click()
    wait_for(lambda: lab.state == DONE)
    assert len(lengths) >= 2 and lengths == sorted(lengths) and lengths[0] < lengths[-1]
    assert lengths[-1] == 4000 // 10, "one point per recorded iteration (record_every=10)"
    assert lines.visible and lines.display_legend and lines.y.shape == (3, 400)
    assert list(lines.labels) == ["zeros", "random ×10 *", "He"]
    assert np.all(np.isfinite(lines.y))
    y = lines.scales["y"]
    assert y.min < y.max and np.all(lines.y >= y.min) and np.all(lines.y <= y.max)
    after = lab.boundary_view.colors
    assert np.array_equal(before[0], after[0]), "zeros: symmetric units, the boundary never moves"
    assert not np.allclose(before[2], after[2]), "He learns: its boundary changes"
    assert lab.transport.iteration.value == "4000"
    assert lab.transport.progress.value == 1.0
    assert "finished" in lab.transport.detail.value
    assert lab.transport.step.disabled and lab.transport.pause.disabled
    assert lab.transport.run.description == "Continue" and not lab.transport.run.disabled
    rows = dict(table_rows(lab))
    assert float(rows["zeros"]) == 0.5 and float(rows["he"]) == pytest.approx(
        lab.experiment.snapshot(boundary=False).train_accuracy[2], abs=5e-5)
    heatmaps = lab.inside_view.histograms.heatmaps
    assert len(heatmaps) == 3 and heatmaps[2].color.shape == snapshot_histograms(lab)[2].shape
    np.testing.assert_allclose(heatmaps[2].color, snapshot_histograms(lab)[2])
    assert [list(line.x) for line in lab.gradient_view.chart.lines] == [[1.0, 2.0, 3.0]] * 3
    legend = lab.gradient_view.legend.value
    assert "zeros *" in legend and "He *" not in legend and "bottom edge" in legend


def test_pause_freezes_the_iteration_and_resume_continues(make_lab):
    lab = make_lab(num_iterations=LONG)
    lab.transport.run.click()
    wait_for(lambda: lab.experiment.iteration > 0)
    lab.transport.pause.click()
    assert lab.state == PAUSED and lab.transport.pause.description == "Resume"
    frozen = lab.experiment.iteration
    assert lab.transport.iteration.value == str(frozen)
    time.sleep(0.2)
    assert lab.experiment.iteration == frozen and lab.transport.iteration.value == str(frozen)
    lab.transport.pause.click()  # Resume
    assert lab.state == RUNNING and lab.transport.pause.description == "Pause"
    wait_for(lambda: lab.experiment.iteration > frozen)


@pytest.mark.parametrize("n", [1, 10, 100, 1000])
def test_step_n_adds_exactly_n(make_lab, n):
    lab = make_lab(num_iterations=LONG)
    lab.transport.step_size.value = n
    for k in (1, 2, 3):
        lab.transport.step.click()
        wait_for(lambda: lab.state == PAUSED and not lab.runner.running)
        assert lab.experiment.iteration == k * n
        assert lab.transport.iteration.value == str(k * n)
    assert "not trained yet" not in lab.results_view.widget.value


def test_double_run_starts_one_thread(make_lab):
    lab = make_lab(num_iterations=LONG)
    lab.transport.run.click()
    lab.transport.run.click()
    lab.run()
    assert len(runner_threads()) == 1


def test_reset_gives_identical_initial_weights(make_lab):
    lab = make_lab(num_iterations=LONG, initializations=["random", "he", "xavier"])
    initial = [lab.experiment.parameters(k) for k in range(3)]
    lab.transport.run.click()
    wait_for(lambda: lab.experiment.iteration > 100)
    lab.transport.reset.click()
    assert lab.state == IDLE and lab.experiment.iteration == 0 and not runner_threads()
    for k in range(3):
        again = lab.experiment.parameters(k)
        assert again.keys() == initial[k].keys()
        for key in initial[k]:
            assert np.array_equal(again[key], initial[k][key]), key
    assert lab.transport.iteration.value == "0" and not lab.cost_view.lines.visible
    assert not lab.controls.dataset.disabled


def test_an_error_in_the_thread_reaches_the_page(make_lab, monkeypatch):
    lab = make_lab(num_iterations=LONG)

    def broken(self, n=1):
        raise FloatingPointError("injected failure")

    monkeypatch.setattr(Experiment, "step", broken)
    lab.transport.run.click()
    wait_for(lambda: lab.state == ERROR)
    assert "FloatingPointError: injected failure" in lab.notices.error.value
    assert "Traceback" in lab.notices.error.value
    assert "error" in lab.transport.detail.value
    wait_for(lambda: not runner_threads())
    monkeypatch.undo()
    lab.transport.reset.click()
    assert lab.notices.error.value == "" and lab.state == IDLE


def test_close_ends_the_thread(make_lab):
    lab = make_lab(num_iterations=LONG)
    lab.transport.run.click()
    wait_for(lambda: lab.experiment.iteration > 0)
    lab.close()
    assert not runner_threads()
    assert lab.comm is None and lab.transport.run.comm is None and lab.cost_view.lines.comm is None


# --- settings ----------------------------------------------------------------------------

def test_learning_rate_applies_live(make_lab):
    lab = make_lab(num_iterations=LONG)
    lab.transport.run.click()
    wait_for(lambda: lab.experiment.iteration > 0)
    experiment = lab.experiment
    assert not lab.controls.learning_rate.disabled
    lab.controls.learning_rate.value = 0.1
    assert experiment.learning_rate == 0.1 and lab.experiment is experiment
    assert lab.state == RUNNING
    at_change = experiment.iteration
    wait_for(lambda: experiment.iteration > at_change)


def test_other_settings_are_locked_mid_run_and_apply_on_reset(make_lab):
    lab = make_lab(num_iterations=LONG)
    controls = lab.controls
    lab.transport.run.click()
    wait_for(lambda: lab.experiment.iteration > 0)
    locked = [controls.dataset, controls.noise, controls.noise_text, controls.data_seed, controls.num_iterations,
              controls.activation, controls.random_scale, controls.seed, controls.add_layer,
              controls.remove_layer, *controls.hidden, *controls.use.values()]
    assert all(w.disabled for w in locked)
    assert "Reset" in lab.hint.value
    lab.transport.pause.click()
    assert all(w.disabled for w in locked), "paused mid-run: still locked"
    # Set from code anyway: the running experiment keeps its settings until Reset.
    controls.noise.value = 0.1
    controls.hidden[0].value = 7
    assert lab.experiment.config.noise == 0.05 and lab.experiment.config.layers_dims == (2, 10, 5, 1)
    assert "apply on Reset: noise, layers_dims" in lab.hint.value
    lab.transport.pause.click()  # resume the unchanged experiment
    wait_for(lambda: lab.experiment.iteration > 0 and lab.state == RUNNING)
    assert lab.experiment.config.noise == 0.05
    lab.transport.reset.click()
    assert lab.experiment.config.noise == 0.1 and lab.experiment.config.layers_dims == (2, 7, 5, 1)
    assert not any(w.disabled for w in locked)
    assert "apply on Reset" not in lab.hint.value


def test_changing_a_setting_when_idle_rebuilds_the_experiment(make_lab):
    lab = make_lab(num_iterations=500)
    points = lab.boundary_view.panels[0].train[0].x.copy()
    lab.controls.dataset.value = "moons"
    assert lab.experiment.config.dataset == "moons" and lab.experiment.iteration == 0
    assert not np.array_equal(lab.boundary_view.panels[0].train[0].x, points)
    lab.controls.use["xavier"].value = True
    assert lab.experiment.names == ("zeros", "random", "he", "xavier")
    assert len(lab.boundary_view.panels) == 4 and len(table_rows(lab)) == 4
    lab.controls.add_layer.click()
    assert lab.experiment.config.layers_dims == (2, 10, 5, 10, 1), "a new layer has 10 units"
    assert len(lab.gradient_view.chart.lines[0].x) == 4
    lab.controls.remove_layer.click()
    lab.controls.remove_layer.click()
    assert lab.experiment.config.layers_dims == (2, 10, 1)
    lab.controls.random_scale.value = 2.0
    assert lab.boundary_view.panels[1].figure.title == "random ×2"


def test_bad_input_shows_a_clear_error_in_the_page(make_lab):
    lab = make_lab(num_iterations=500)
    good = lab.experiment
    lab.controls.hidden[0].value = 0
    assert "units in hidden layer 1 must be a whole number from 1 to 64 (you typed “0”)" in lab.notices.config_error.value
    assert lab.experiment is good
    assert lab.transport.run.disabled and lab.transport.step.disabled
    lab.transport.run.click()  # a click from code is refused too
    assert lab.state == IDLE and not runner_threads()
    lab.controls.hidden[0].value = 3
    assert lab.notices.config_error.value == "" and not lab.transport.run.disabled
    assert lab.experiment.config.layers_dims == (2, 3, 5, 1)
    for box in lab.controls.use.values():
        box.value = False
    assert "at least one" in lab.notices.config_error.value
    lab.transport.reset.click()  # Reset with invalid settings keeps the error and the old run
    assert "at least one" in lab.notices.config_error.value and lab.experiment.iteration == 0


def test_cost_choice_and_log_scale(make_lab):
    lab = make_lab(num_iterations=300, initializations=["zeros", "random"])
    lab.transport.run.click()
    wait_for(lambda: lab.state == DONE)
    view = lab.cost_view
    assert view.lines.labels[1] == "random ×10 *" and "∞" in view.note.value
    assert isinstance(view.lines.scales["y"], bq.LogScale) and view.y_axis.scale is view.lines.scales["y"]
    lab.controls.cost.value = "stable"
    assert list(view.lines.labels) == ["zeros", "random ×10"] and view.note.value == ""
    assert "stable cost" in lab.results_view.widget.value
    view.log.value = False
    y = view.lines.scales["y"]
    assert isinstance(y, bq.LinearScale) and view.y_axis.scale is y
    snapshot = lab.experiment.snapshot(boundary=False)
    assert y.min <= snapshot.stable_costs.min() and y.max >= snapshot.stable_costs.max()


def test_a_constant_cost_gets_explicit_finite_bounds(make_lab):
    lab = make_lab(num_iterations=200, initializations=["zeros"])
    lab.transport.run.click()
    wait_for(lambda: lab.state == DONE)
    view = lab.cost_view
    for log in (True, False):
        view.log.value = log
        y = view.lines.scales["y"]
        assert np.isfinite([y.min, y.max]).all() and y.min < np.log(2) < y.max
    assert "zeros *" in lab.gradient_view.legend.value


def test_a_network_without_hidden_layers_draws(make_lab):
    lab = make_lab(layers_dims=[2, 1], initializations=["zeros", "he"], num_iterations=300)
    assert lab.controls.remove_layer.disabled and not lab.controls.add_layer.disabled
    lab.transport.run.click()
    wait_for(lambda: lab.state == DONE)
    assert [list(line.x) for line in lab.gradient_view.chart.lines] == [[1.0], [1.0]]
    assert lab.inside_view.histograms is None and "No hidden layer" in lab.inside_view.box.children[0].value
    assert "No hidden layer" in lab.symmetry_view.counts.value
    assert lab.cost_view.lines.y.shape == (2, 30) and len(lab.boundary_view.panels) == 2


def test_the_cost_view_clips_values_bqplot_cannot_draw(make_lab):
    import dataclasses
    from initlab.ui.views.cost import CostView

    lab = make_lab(num_iterations=100, initializations=["he", "random"])
    lab.transport.run.click()
    wait_for(lambda: lab.state == DONE)
    snapshot = lab.experiment.snapshot(boundary=False)
    stable = snapshot.stable_costs.copy()
    stable[0, -3:] = [np.nan, np.inf, np.nan]  # as if He's run had diverged
    view = CostView("lesson")
    view.update(dataclasses.replace(snapshot, stable_costs=stable, lesson_costs=stable))
    assert np.all(np.isfinite(view.lines.y))
    assert list(view.lines.labels) == ["He †", "random ×10"]
    assert "† diverged" in view.note.value and "∞" not in view.note.value
    y = view.lines.scales["y"]
    assert np.all(view.lines.y <= y.max) and np.all(view.lines.y >= y.min)


def test_initialization_checkboxes_and_iterations_carry_css_classes():
    from initlab import InitLab
    lab = InitLab(num_iterations=10)
    try:
        for name, box in lab.controls.use.items():
            assert f"initlab-init-{name}" in box._dom_classes
        assert "initlab-iterations" in lab.controls.num_iterations._dom_classes
    finally:
        lab.close()


def test_a_diverged_boundary_panel_says_its_output_is_not_finite(make_lab):
    lab = make_lab(scenario="exploding")
    titles = lambda: [p.figure.title for p in lab.boundary_view.panels]  # noqa: E731
    assert not any("†" in t for t in titles()) and lab.boundary_view.note.value == ""
    lab.step(50)
    wait_for(lambda: lab.state == PAUSED)
    assert titles() == ["random ×1 †", "He"]
    assert "† output not finite (the network diverged)" in lab.boundary_view.note.value
    lab.reset()  # the same weights at iteration 0: finite again
    assert titles() == ["random ×1", "He"] and lab.boundary_view.note.value == ""


def test_only_the_tab_in_view_is_drawn_each_frame_the_others_when_chosen_or_saved(make_lab):
    lab = make_lab(num_iterations=LONG)
    assert lab.inside_tabs.selected_index == 0  # activations
    sent = {"inside": 0, "gradient": 0, "symmetry": 0}
    for name in sent:
        view = getattr(lab, f"{name}_view")

        def counted(snapshot, update=view.update, name=name):
            sent[name] += 1
            return update(snapshot)
        view.update = counted
    lab.run()
    wait_for(lambda: sent["inside"] >= 3)
    assert lab.pause()
    assert sent["gradient"] == 0 and sent["symmetry"] == 0  # hidden: nothing drawn, nothing sent
    shown = lab.experiment.snapshot()
    lab.inside_tabs.selected_index = 1  # the learner opens Gradients: it shows the paused state
    np.testing.assert_allclose(np.asarray(lab.gradient_view.chart.lines[2].y, dtype=float),
                               shown.gradient_norm[2], rtol=1e-12)  # He's
    assert sent["gradient"] == 1 and sent["symmetry"] == 0
    inside = sent["inside"]
    lab.step(10)
    wait_for(lambda: lab.state == PAUSED and lab.experiment.iteration == shown.iteration + 10)
    assert sent["gradient"] == 2 and sent["inside"] == inside  # now the other way round
    lab.export.figure.value = "distinct-units"
    lab.export.save("png")  # a hidden figure is brought up to date before it is saved
    assert sent["symmetry"] == 1 and sent["inside"] == inside + 1
    np.testing.assert_array_equal(lab.symmetry_view.bars.y, lab.experiment.snapshot().distinct_units.astype(float))
