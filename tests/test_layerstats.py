"""Per-layer statistics: shared log bins, distinct units, the healthy range."""
import numpy as np

from initlab import Experiment, scenarios
from initlab.core import layerstats


def test_bins_are_shared_log_magnitudes_with_zero_and_overflow_bins():
    edges = layerstats.BIN_EDGES
    assert edges[0] == 0 and edges[-1] == np.inf and len(edges) == layerstats.N_BINS + 1
    np.testing.assert_allclose(np.diff(np.log10(edges[1:-1])), 1 / layerstats.BINS_PER_DECADE)
    A = np.array([0.0, 1e-7, 0.5, 2.0, 3.0, 1e9, np.inf, np.nan]).reshape(1, 1, 8)
    (h,) = layerstats.activation_histograms([A])[0]
    expect = np.zeros(layerstats.N_BINS)
    expect[0] = 2  # 0 and 1e-7
    expect[np.searchsorted(edges, 0.5, side="right") - 1] += 1
    expect[np.searchsorted(edges, 2.0, side="right") - 1] += 2
    expect[-1] = 3  # 1e9, inf, nan
    np.testing.assert_allclose(h, expect / 8)


def test_histograms_follow_the_snapshot_shape():
    s = Experiment(initializations=["zeros", "he", "xavier"], layers_dims=[2, 10, 5, 3, 1]).snapshot()
    assert s.activation_histograms.shape == (3, 3, layerstats.N_BINS)
    np.testing.assert_array_equal(s.activation_bin_edges, layerstats.BIN_EDGES)
    assert np.all(s.activation_histograms[0, :, 0] == 1)  # zeros: every activation is exactly 0
    assert s.activation_rms.shape == (3, 3) and np.all(s.activation_rms[0] == 0)


def test_distinct_units_zeros_stay_one_he_stays_full():
    e = Experiment(initializations=["zeros", "he"]).step(1000)
    s = e.snapshot(boundary=False)
    np.testing.assert_array_equal(s.distinct_units, [[1, 1], [10, 5]])
    assert s.weights[0].shape == (2, 10, 2)
    assert np.ptp(s.weights[0][0], axis=0).max() == 0  # zeros: every row of W1 the same


def test_distinct_units_counts_groups():
    P = np.array([[[1.0, 2.0, 0.0], [1.0, 2.0, 0.0], [1.0, 2.0, 1e-3], [3.0, 0.0, 0.0]]])
    assert layerstats.distinct_units([P]).tolist() == [[3]]
    assert layerstats.distinct_units([P + 1e-14]).tolist() == [[3]]  # rounding noise is not a new unit


def test_first_layer_outside_the_healthy_range():
    assert layerstats.first_layer_outside([0.5, 0.3, 0.05]) == (3, "low")
    assert layerstats.first_layer_outside([0.5, 30.0]) == (2, "high")
    assert layerstats.first_layer_outside([0.5, np.nan]) == (2, "high")
    assert layerstats.first_layer_outside([0.5, 2.0]) is None


def test_deep_scenario_gradients_in_the_healthy_range_for_he():
    s = Experiment(scenarios.config("deep-relu")).snapshot(boundary=False)
    lo, hi = layerstats.HEALTHY_GRADIENT
    g = s.gradient_norm[s.names.index("he")]
    assert np.all((g > lo) & (g < hi)), g


def test_bin_index_is_exact_on_and_beside_every_edge():
    """The logarithm's guess, settled by the edges, puts every value where the edges say:
    values on each edge, one float either side of it, and the special values."""
    edges = layerstats.BIN_EDGES
    inner = edges[1:-1]
    values = np.concatenate([inner, np.nextafter(inner, 0), np.nextafter(inner, np.inf),
                             [0.0, 5e-324, 1e-300, 1e300, np.finfo(float).max, np.inf, np.nan],
                             10.0 ** np.random.RandomState(0).uniform(-8, 8, 5000)])
    reference = np.minimum(np.searchsorted(edges, values, side="right") - 1, layerstats.N_BINS - 1)
    reference[np.isnan(values)] = layerstats.N_BINS - 1
    np.testing.assert_array_equal(layerstats.bin_index(values), reference)
