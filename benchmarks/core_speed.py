#!/usr/bin/env python3
"""How fast is the training core? Ratios measured in one run, interleaved rounds.

1. lesson.model() against a plain NumPy loop of the same lesson written the usual
   way (dict parameters, new arrays every step, cost every iteration);
2. Experiment with 4 initializations in lockstep against 1.
Absolute times are noisy on shared machines; quote the ratios.
"""
import argparse
import contextlib
import io
import statistics
import time

import numpy as np

from initlab import Experiment, lesson
from initlab.core.schemes import LESSON_SEED, SCHEMES


def plain_loop(X, Y, num_iterations, learning_rate=0.01):
    """The lesson's model() as a learner writes it, He initialization."""
    rng = np.random.RandomState(LESSON_SEED)
    dims = [X.shape[0], 10, 5, 1]
    W = [rng.randn(dims[l], dims[l - 1]) * SCHEMES["he"].scale_for(dims[l - 1]) for l in range(1, 4)]
    b = [np.zeros((dims[l], 1)) for l in range(1, 4)]
    m = X.shape[1]
    for _ in range(num_iterations):
        a0 = X
        z1 = W[0] @ a0 + b[0]
        a1 = np.maximum(0, z1)
        z2 = W[1] @ a1 + b[1]
        a2 = np.maximum(0, z2)
        z3 = W[2] @ a2 + b[2]
        a3 = 1 / (1 + np.exp(-z3))
        with np.errstate(divide="ignore", invalid="ignore"):
            np.nansum(-np.log(a3) * Y - np.log(1 - a3) * (1 - Y)) / m
        dz3 = (a3 - Y) / m
        grads = [None, None, (dz3 @ a2.T, dz3.sum(axis=1, keepdims=True))]
        dz2 = (W[2].T @ dz3) * (a2 > 0)
        grads[1] = (dz2 @ a1.T, dz2.sum(axis=1, keepdims=True))
        dz1 = (W[1].T @ dz2) * (a1 > 0)
        grads[0] = (dz1 @ a0.T, dz1.sum(axis=1, keepdims=True))
        W = [w - learning_rate * g[0] for w, g in zip(W, grads)]
        b = [c - learning_rate * g[1] for c, g in zip(b, grads)]
    return W, b


def timed(job):
    start = time.perf_counter()
    job()
    return time.perf_counter() - start


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--iterations", type=int, default=3000)
    ap.add_argument("--rounds", type=int, default=7)
    args = ap.parse_args()
    n = args.iterations
    X, Y, _, _ = lesson.load_dataset()

    def lesson_model():
        with contextlib.redirect_stdout(io.StringIO()):
            lesson.model(X, Y, num_iterations=n, initialization="he")

    jobs = {
        "plain NumPy loop": lambda: plain_loop(X, Y, n),
        "lesson.model": lesson_model,
        "Experiment, 1 init": lambda: Experiment(initializations=["he"]).step(n),
        "Experiment, 4 inits": lambda: Experiment(initializations=["zeros", "random", "he", "xavier"]).step(n),
    }
    times = {name: [] for name in jobs}
    for job in jobs.values():
        job()  # warm-up
    for _ in range(args.rounds):
        for name, job in jobs.items():
            times[name].append(timed(job))
    for name, t in times.items():
        print(f"{name:22s} {statistics.median(t) / n * 1e6:7.1f} us/iteration (median of {args.rounds})")
    speedup = statistics.median(p / m for p, m in zip(times["plain NumPy loop"], times["lesson.model"]))
    race = statistics.median(four / one for four, one in
                             zip(times["Experiment, 4 inits"], times["Experiment, 1 init"]))
    print(f"lesson.model is {speedup:.2f}x faster than the plain NumPy loop")
    print(f"4 initializations in lockstep cost {race:.2f}x one (4.00 would be no batching)")


if __name__ == "__main__":
    main()
