"""Verdicts name what is going on, computed from the core's own numbers."""
import math

import numpy as np

from initlab import Experiment
from initlab.core.diagnosis import symmetric_units, verdict


def test_lesson_runs_get_their_verdicts():
    e = Experiment(initializations=["zeros", "random", "he"]).step(15000)
    zeros, random, he = e.snapshot().verdicts
    assert zeros.startswith("stuck at ln 2")
    assert he == "learned the boundary"
    assert random not in (zeros, he)


def test_random_starts_saturated():
    e = Experiment(initializations=["random"]).step(10)
    assert e.snapshot().verdicts[0].startswith("saturated outputs")


def test_verdict_branches():
    w = [np.array([[1.0, 2.0], [3.0, -1.0]]), np.array([[0.5, 0.5]])]
    std = np.array([1.0, 0.3])
    assert verdict(0, [], 1.0, 0.5, w, std, 0.0) == "not trained yet"
    assert verdict(5, [1.0], math.inf, 0.5, w, std, 0.0).startswith("diverged")
    assert verdict(5, [1.0], math.nan, 0.5, w, std, 0.0).startswith("diverged")
    assert verdict(5, [1.0], 0.3, 0.5, w, np.array([0.0, 0.3]), 0.0).startswith("dead layer")
    assert verdict(5, [1.0, 0.5], 0.5, 0.98, w, std, 0.0) == "learned the boundary"
    assert verdict(5, [1.0, 0.9], 0.9, 0.6, w, std, 0.5).startswith("saturated")
    assert verdict(5, [1.0, 0.9], 0.9, 0.6, w, std, 0.0) == "learning"
    assert verdict(5, [0.9, 0.9], 0.9, 0.6, w, std, 0.0).startswith("plateau")
    same = [np.array([[1.0, 2.0], [1.0, 2.0]]), np.array([[0.5, 0.5]])]
    assert verdict(5, [0.9], 0.9, 0.6, same, std, 0.0).startswith("symmetric units")


def test_symmetric_units():
    assert symmetric_units([np.zeros((3, 2)), np.zeros((1, 3))])
    assert not symmetric_units([np.eye(3, 2), np.zeros((1, 3))])
    assert symmetric_units([np.ones((1, 2)), np.zeros((1, 1))])  # one unit is trivially symmetric
