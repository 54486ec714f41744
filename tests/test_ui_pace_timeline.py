"""Pace, exact steps, the timeline and the finished run, driven through the widgets (no browser)."""
import time

import numpy as np
import pytest

from initlab import Experiment, InitLab
from initlab.core.decimate import MAX_POINTS
from initlab.ui.runner import DONE, IDLE, PAUSED, RUNNING
from initlab.ui.display import COST_POINTS
from initlab.ui.transport import FULL_SPEED

from lab_helpers import runner_threads, wait_for


def cells(lab, css):
    import re
    return re.findall(rf"<td class='[^']*{css}[^']*'>([^<]*)</td>", lab.results_view.widget.value)


def test_unpaced_unless_asked(make_lab):
    lab = make_lab()
    assert lab.runner.pace is None and lab.transport.pace.value == FULL_SPEED
    assert lab.transport.pace.label == "full speed"
    paced = make_lab(pace=300)
    assert paced.runner.pace == 300 and paced.transport.pace.label == "300 it/s"
    with pytest.raises(ValueError, match="pace"):
        InitLab(pace=-1)


def test_the_pace_control_limits_the_rate_live(make_lab):
    lab = make_lab(num_iterations=10**6, pace=100)
    lab.transport.run.click()
    time.sleep(0.6)
    slow = lab.experiment.iteration
    assert 15 <= slow <= 70, slow  # 100 it/s at most (a loaded machine may fall short, never over)
    lab.transport.pace.value = FULL_SPEED
    assert lab.runner.pace is None
    t0 = time.perf_counter()
    wait_for(lambda: lab.experiment.iteration - slow > 1000, timeout=5)  # 10 s at the old pace
    assert time.perf_counter() - t0 < 5
    lab.transport.pace.value = 250
    time.sleep(0.1)  # the full-speed chunk under way (~30 ms) finishes first
    t0, i0 = time.perf_counter(), lab.experiment.iteration
    time.sleep(1.2)
    rate = (lab.experiment.iteration - i0) / (time.perf_counter() - t0)
    # At most the pace, plus what a stalled thread may make up (runner.BEHIND_SECONDS) and a frame.
    assert 125 <= rate <= 250 + (0.25 + 0.05) * 250 / 1.2, rate
    lab.pause()


def test_the_timeline_shows_an_earlier_iteration_as_it_was(make_lab):
    lab = make_lab(num_iterations=3000, initializations=["zeros", "random", "he"])
    lab.transport.run.click()
    wait_for(lambda: lab.state == DONE)
    final_he = lab.boundary_view.colors[2].copy()
    assert lab.timeline.slider.max == 3000 and lab.timeline.live
    lab.timeline.slider.value = 1234  # what dragging does
    assert not lab.timeline.live and "looking back at iteration 1,234" in lab.timeline.status.value
    fresh = Experiment(initializations=["zeros", "random", "he"]).step(1234).snapshot()
    assert lab.transport.iteration.value == "1234"
    assert cells(lab, "initlab-train-accuracy") == [f"{a:.4f}" for a in fresh.train_accuracy]
    assert cells(lab, "initlab-test-accuracy") == [f"{a:.4f}" for a in fresh.test_accuracy]
    assert cells(lab, "initlab-verdict") == list(fresh.verdicts)
    np.testing.assert_array_equal(lab.boundary_view.colors[2], fresh.boundary.probability[2].astype(np.float32))
    assert not np.array_equal(lab.boundary_view.colors[2], final_he)
    # The inside views and the cost marker show that iteration too (a tab once chosen); the
    # cost curves stay whole.
    lab.inside_tabs.selected_index = 1
    drawn = np.asarray(lab.gradient_view.chart.lines[2].y, dtype=float)
    np.testing.assert_allclose(drawn, fresh.gradient_norm[2], rtol=1e-12)
    histograms = lab.inside_view.histograms.heatmaps
    np.testing.assert_allclose(np.asarray(histograms[2].color, dtype=float), fresh.activation_histograms[2])
    final = lab.experiment.snapshot()
    assert not np.array_equal(fresh.activation_histograms[2], final.activation_histograms[2])
    lab.inside_tabs.selected_index = 2
    np.testing.assert_array_equal(lab.symmetry_view.bars.y, fresh.distinct_units.astype(float))
    W = fresh.weights[lab.symmetry_view.layer.value - 1][2]
    np.testing.assert_allclose(np.asarray(lab.symmetry_view.panels[2].heatmap.color, dtype=float),
                               W / np.abs(W).max())
    assert lab.cost_view.rule.visible and list(lab.cost_view.rule.x) == [1234, 1234]
    assert lab.cost_view.lines.x[-1] == 2990
    # Live returns to the present.
    lab.timeline.live_button.click()
    assert lab.timeline.live and lab.transport.iteration.value == "3000"
    np.testing.assert_array_equal(lab.boundary_view.colors[2], final_he)
    assert not lab.cost_view.rule.visible


def test_scrubbing_a_running_lab_pauses_it_and_resume_returns_live(make_lab):
    lab = make_lab(num_iterations=10**6, initializations=["he"], pace=2000)
    lab.transport.run.click()
    wait_for(lambda: lab.experiment.iteration > 500)
    lab.timeline.slider.value = 200
    assert lab.state == PAUSED and not lab.runner.running
    frozen = lab.experiment.iteration
    assert lab.transport.iteration.value == "200" and lab.timeline.slider.max == frozen
    time.sleep(0.1)
    assert lab.transport.iteration.value == "200", "the past stays shown while paused"
    lab.transport.pause.click()  # Resume
    assert lab.timeline.live
    wait_for(lambda: lab.experiment.iteration > frozen + 100)
    wait_for(lambda: int(lab.transport.iteration.value) > frozen)
    lab.pause()


def test_a_finished_run_unlocks_the_settings_and_may_continue(make_lab):
    lab = make_lab(num_iterations=300, initializations=["he"])
    lab.transport.run.click()
    wait_for(lambda: lab.state == DONE)
    assert not lab.controls.dataset.disabled and not lab.controls.add_layer.disabled
    assert "finished" in lab.hint.value and "locked mid-run" not in lab.hint.value
    assert lab.transport.run.description == "Continue" and "300 more" in lab.transport.detail.value
    lab.transport.run.click()  # continue for another 300
    wait_for(lambda: lab.state == DONE and lab.experiment.iteration == 600)
    assert lab.transport.detail.value.startswith("&nbsp;of 600")
    # Changing a setting now rebuilds as when idle.
    lab.controls.noise.value = 0.1
    assert lab.state == IDLE and lab.experiment.iteration == 0 and lab.experiment.config.noise == 0.1
    assert lab.transport.run.description == "Run" and not lab.transport.run.disabled


def test_continue_is_refused_with_the_reason_past_the_iterations_limit(make_lab, monkeypatch):
    lab = make_lab(num_iterations=200, initializations=["he"])
    lab.transport.run.click()
    wait_for(lambda: lab.state == DONE)
    real_replace = type(lab.experiment.config).replace

    def limited(self, **changes):
        if changes.get("num_iterations", 0) > 300:
            raise ValueError("num_iterations must be at most 300")
        return real_replace(self, **changes)

    monkeypatch.setattr(type(lab.experiment.config), "replace", limited)
    lab._on_state(lab.state)
    assert lab.transport.run.disabled and "at most 300" in lab.transport.detail.value
    assert lab.run() is False and lab.experiment.iteration == 200


def test_snapshot_cost_arrays_stay_bounded_in_the_page(make_lab):
    # record_every=1 makes 20,000 records (10x the bound) quickly; tests/test_history.py holds a
    # 1,000,000-iteration run's 100,000 records to the same bound in the core.
    lab = make_lab(num_iterations=20_000, initializations=["he", "xavier"], layers_dims=[2, 1],
                   n_samples=30, record_every=1)
    lab.transport.run.click()
    wait_for(lambda: lab.state == DONE, timeout=60)
    assert len(lab.experiment.cost_history()[0]) == 20_000
    assert 0 < len(lab.cost_view.lines.x) <= COST_POINTS < MAX_POINTS
    assert np.asarray(lab.cost_view.lines.y).shape == (2, len(lab.cost_view.lines.x))


def test_a_closed_lab_refuses_to_run(make_lab):
    lab = make_lab(num_iterations=10**6)
    lab.close()
    with pytest.raises(RuntimeError, match="closed"):
        lab.run()
    assert not runner_threads()
