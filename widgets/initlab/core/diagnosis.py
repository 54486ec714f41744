"""One-line verdicts on how a model is training, from numbers the core already has."""
import math

import numpy as np

LN2 = math.log(2)


def symmetric_units(weights, tol=1e-12):
    """True when every hidden layer's units have identical incoming weights (symmetry never broken)."""
    for W in weights[:-1]:
        if W.shape[0] > 1 and np.ptp(W, axis=0).max() > tol * (1 + np.abs(W).max()):
            return False
    return True


def verdict(iteration, costs, stable_cost, train_accuracy, weights, act_std, saturation):
    """costs: this model's recorded stable-cost history (oldest first), stable_cost: now."""
    if iteration == 0:
        return "not trained yet"
    if not np.isfinite(stable_cost):
        return "diverged: cost is not finite — lower the learning rate"
    if symmetric_units(weights):
        if abs(stable_cost - LN2) < 1e-3:
            return "stuck at ln 2 — symmetric units learn nothing"
        return "symmetric units: every neuron in a layer is the same"
    if np.any(act_std[:-1] == 0):
        return "dead layer: no unit is active, no gradient flows"
    if train_accuracy >= 0.97:
        return "learned the boundary"
    if saturation > 0.2:
        return "saturated outputs: confident, often wrong, slow to learn"
    recent = np.asarray(costs[-20:], dtype=float)
    if len(recent) >= 2 and recent[0] - recent[-1] > 1e-3 * max(recent[0], 1e-12):
        return "learning"
    return "plateau: cost barely moving"
