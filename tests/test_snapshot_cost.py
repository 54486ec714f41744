"""Cheaper frames show the same numbers: every snapshot field equals the old code's
(tests/snapshot_oracle.py) exactly, except the boundary, now float32: within 1e-4 of float64,
finite exactly where float64 is. A snapshot's forward and backward pass, reused by the next
step, leaves the run bit for bit as it was."""
import numpy as np
import pytest

from initlab import Experiment, scenarios
from snapshot_oracle import snapshot as oracle

EXACT = ("cost_iterations", "lesson_costs", "stable_costs", "lesson_cost", "stable_cost", "train_accuracy",
         "test_accuracy", "gradient_norm", "activation_histograms", "activation_bin_edges", "activation_rms",
         "distinct_units")


@pytest.mark.parametrize("name,iteration", [("lesson", 0), ("lesson", 1234), ("symmetry", 300),
                                            ("too-large", 7), ("deep-relu", 0), ("deep-relu", 41),
                                            ("deep-tanh", 20), ("exploding", 0), ("exploding", 3)])
def test_snapshot_equals_the_old_code(name, iteration):
    config = scenarios.config(name)
    run = Experiment(config)
    for _ in range(3):  # snapshots on the way: the next steps reuse their passes
        run.step(iteration // 3) if iteration // 3 else None
        run.snapshot()
    run.step(iteration - run.iteration) if iteration > run.iteration else None
    with np.errstate(all="ignore"):
        s = run.snapshot()
        ref = oracle(config, iteration, run.grid_size)
    for field in EXACT:
        np.testing.assert_array_equal(getattr(s, field), ref[field], err_msg=field)
    assert s.verdicts == ref["verdicts"]
    for W, Wref in zip(s.weights, ref["weights"]):
        np.testing.assert_array_equal(W, Wref)
    np.testing.assert_array_equal(s.boundary.xs, ref["boundary_xs"])
    p, pref = s.boundary.probability, ref["boundary_probability"]
    assert p.dtype == np.float32
    np.testing.assert_array_equal(np.isfinite(p), np.isfinite(pref))
    np.testing.assert_allclose(p, pref, atol=1e-4, rtol=0, equal_nan=True)


def test_deep_nets_get_a_coarser_grid_the_lesson_keeps_60():
    assert Experiment(scenarios.config("lesson")).grid_size == 60
    assert Experiment(scenarios.config("deep-relu")).grid_size == 30
