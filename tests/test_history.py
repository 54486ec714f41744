"""Run history in the core: checkpoints replay any past iteration exactly; the cost history
streamed in a snapshot is decimated to a bounded size, keeping first, last and spikes."""
import numpy as np
import pytest

from initlab import Experiment
from initlab.core.checkpoints import Checkpoints
from initlab.core.decimate import MAX_POINTS, decimate


def assert_same_snapshot(a, b):
    assert a.iteration == b.iteration
    for field in ("train_accuracy", "test_accuracy", "lesson_cost", "stable_cost",
                  "gradient_norm", "cost_iterations", "lesson_costs", "stable_costs"):
        np.testing.assert_array_equal(getattr(a, field), getattr(b, field), err_msg=field)
    np.testing.assert_array_equal(a.boundary.probability, b.boundary.probability)
    assert a.verdicts == b.verdicts
    # Inside the network (core/layerstats.py): the timeline's inside views need them too.
    for field in ("activation_histograms", "activation_bin_edges", "activation_rms", "distinct_units"):
        np.testing.assert_array_equal(getattr(a, field), getattr(b, field), err_msg=field)
    assert len(a.weights) == len(b.weights)
    for Wa, Wb in zip(a.weights, b.weights):
        np.testing.assert_array_equal(Wa, Wb)


@pytest.mark.parametrize("iteration", [0, 1, 99, 100, 101, 2345, 3000])
def test_snapshot_at_equals_an_experiment_stepped_there(iteration):
    run = Experiment(initializations=["zeros", "random", "he"], num_iterations=3000).step(3000)
    fresh = Experiment(initializations=["zeros", "random", "he"]).step(iteration) if iteration else \
        Experiment(initializations=["zeros", "random", "he"])
    assert_same_snapshot(run.snapshot_at(iteration), fresh.snapshot())


def test_snapshot_at_replays_learning_rate_changes():
    run = Experiment(initializations=["he"]).step(150)
    run.learning_rate = 0.5
    run.step(100)
    run.learning_rate = 0.01
    run.step(50)
    fresh = Experiment(initializations=["he"]).step(150)
    fresh.learning_rate = 0.5
    fresh.step(80)
    assert_same_snapshot(run.snapshot_at(230), fresh.snapshot())
    # The present is untouched by looking back.
    assert run.iteration == 300
    assert_same_snapshot(run.snapshot_at(300), run.snapshot())


def test_snapshot_at_replays_a_deep_scenario_inside_the_network():
    from initlab import scenarios
    run = Experiment(scenarios.config("deep-relu")).step(120)
    fresh = Experiment(scenarios.config("deep-relu")).step(40)
    looked = run.snapshot_at(40)
    assert_same_snapshot(looked, fresh.snapshot())
    assert looked.activation_histograms.shape[:2] == (2, 10)
    assert not np.array_equal(looked.activation_histograms, run.snapshot().activation_histograms)


def test_snapshot_at_refuses_the_future():
    e = Experiment(initializations=["he"]).step(10)
    with pytest.raises(ValueError, match="iteration must be at most 10"):
        e.snapshot_at(11)


def test_checkpoints_stay_within_budget_and_thin_evenly():
    theta = np.zeros(100)  # 800 bytes: a budget of 8 kB holds 10
    ck = Checkpoints(theta, budget_bytes=8000, interval=10)
    for i in range(10, 10_001, 10):
        if i % ck.interval == 0:
            ck.save(i, theta + i)
    assert len(ck) <= 10 and ck.nbytes <= 8000
    its = [ck.at_or_before(i)[0] for i in range(0, 10_001, ck.interval)]
    assert its == list(range(0, 10_001, ck.interval))  # evenly spaced, none lost between
    it, t = ck.at_or_before(5555)
    assert it <= 5555 < it + ck.interval and t[0] == it


def test_a_lesson_run_history_is_small():
    e = Experiment(initializations=["zeros", "random", "he", "xavier"]).step(15000)
    assert e.history_bytes < 10 * 2**20, e.history_bytes


def test_decimate_keeps_first_last_and_spikes():
    T = 100_000
    its = np.arange(T) * 10
    lines = np.vstack([np.linspace(5, 1, T), np.full(T, np.log(2))])
    lines[0, 54_321] = 50.0  # a one-record spike
    lines[1, 77_777] = np.inf
    out_its, out = decimate(its, lines)
    assert out.shape[1] == len(out_its) <= MAX_POINTS
    assert out_its[0] == 0 and out_its[-1] == its[-1]
    assert 543_210 in out_its and out[0].max() == 50.0
    assert 777_770 in out_its and np.isinf(out[1]).any()
    assert np.all(np.diff(out_its) > 0)


def test_snapshot_cost_arrays_stay_bounded_on_a_long_run():
    # Recording every iteration, 100,000 iterations hold the 100,000 records of a 1,000,000-iteration
    # run recorded every 10 (the default), in a tenth of the time; a tiny network keeps it quick.
    e = Experiment(initializations=["he", "xavier"], layers_dims=[2, 1], n_samples=30, record_every=1,
                   num_iterations=100_000).step(100_000)
    s = e.snapshot(grid_size=5)
    assert len(e.cost_history()[0]) == 100_000
    assert s.cost_iterations.shape == (s.lesson_costs.shape[1],) and s.cost_iterations.size <= MAX_POINTS
    assert s.stable_costs.shape[1] <= MAX_POINTS
    assert s.cost_iterations[0] == 0 and s.cost_iterations[-1] == 99_999


def test_continue_for_raises_the_target():
    e = Experiment(initializations=["he"], num_iterations=100).step(100)
    assert e.done
    e.continue_for(50)
    assert not e.done and e.remaining == 50 and e.snapshot().num_iterations == 150


def test_defining_changes_leave_out_the_live_settings():
    from initlab import Config
    from initlab.core.settings import LIVE_FIELDS, defining_changes
    base = Config()
    assert defining_changes(base, base.replace(learning_rate=0.5, cost="stable")) == []
    assert defining_changes(base, base.replace(noise=0.1, seed=4, learning_rate=0.5)) == ["noise", "seed"]
    assert set(LIVE_FIELDS) == {"learning_rate", "cost"}
