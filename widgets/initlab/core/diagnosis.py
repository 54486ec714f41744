"""One-line verdicts on how a model is training, naming the cause, from numbers the core has.

Causes are told apart by where the run started: weights that were too large show at iteration 0
(activations beyond the healthy range, see core/layerstats.py); a learning rate that is too large
shows as a cost that rises above where a healthy start left it.
"""
import math

import numpy as np

from .layerstats import HEALTHY_ACTIVATION, first_layer_outside

LN2 = math.log(2)
SATURATED = 0.2  # fraction of examples whose output sigmoid is saturated
ROSE = 1.1       # the cost is above 1.1x its starting value: steps overshoot


def _number(x):
    return f"{x:.2g}" if np.isfinite(x) else "overflow"


def verdict(iteration, costs, stable_cost, train_accuracy, *, initial_cost, initial_rms,
            activation_rms, distinct_units, units, saturation):
    """costs: this model's recorded stable-cost history (oldest first); stable_cost: now.
    initial_cost, initial_rms: the stable cost and per-hidden-layer activation rms at iteration 0;
    activation_rms, distinct_units, units: per hidden layer, now."""
    if iteration == 0:
        return "not trained yet"
    rms = np.asarray(activation_rms, dtype=float)
    dead = [l for l, r in enumerate(rms, start=1) if r == 0]
    finite = np.isfinite(stable_cost) and np.all(np.isfinite(rms))

    start = first_layer_outside(initial_rms)
    too_large_start = not np.isfinite(initial_cost) or (start is not None and start[1] == "high")
    if too_large_start and (not finite or dead or saturation > SATURATED):
        layer = start[0] if start is not None else len(rms)
        peak = np.nanmax(np.where(np.isfinite(initial_rms), initial_rms, np.inf)) if len(rms) else np.inf
        if not finite:
            effect = "the cost overflowed"
        elif dead:
            effect = f"the first steps left layer {dead[0]} dead"
        else:
            effect = "the output is saturated"
        return (f"weights too large: activations leave the healthy range at layer {layer} "
                f"(up to {_number(peak)}; healthy ≤ {HEALTHY_ACTIVATION[1]:g}) — {effect}")
    if not finite:
        return "diverged: the cost is not finite — the learning rate is too large"
    if len(units) and np.all(np.asarray(distinct_units) == 1):
        if abs(stable_cost - LN2) < 1e-3:
            return "stuck at ln 2 — symmetric units learn nothing"
        return "symmetric units: every neuron in a layer is the same"
    if stable_cost > ROSE * initial_cost and not too_large_start:
        effect = f"; layer {dead[0]} died" if dead else ""
        return (f"learning rate too large: the cost rose from {_number(initial_cost)} "
                f"to {_number(stable_cost)}{effect}")
    if dead:
        return f"dead layer {dead[0]}: no unit is active, no gradient flows"
    if train_accuracy >= 0.97:
        return "learned the boundary"
    now = first_layer_outside(rms)
    if now is not None and now[1] == "low":
        return (f"signal vanishes from layer {now[0]}: activations {_number(rms[now[0] - 1])} "
                f"(healthy ≥ {HEALTHY_ACTIVATION[0]:g}) and smaller deeper — weights too small for this depth")
    if saturation > SATURATED:
        return "saturated outputs: confident, often wrong, slow to learn"
    recent = np.asarray(costs[-20:], dtype=float)
    if len(recent) >= 2 and recent[0] - recent[-1] > 1e-3 * max(recent[0], 1e-12):
        return "learning"
    return "plateau: cost barely moving"
