#!/usr/bin/env python3
"""The core against the machine, and what a frame costs, in one run (one BLAS thread, as the
dashboard's kernels run):

1. the core's FLOP rate (Experiment.step) beside this machine's matmul rate at the same
   shapes: the same matmuls an iteration does, alone, on contiguous arrays (the physical
   limit for this network), and one large square matmul (the machine's peak);
2. for every scenario, the extra time a dashboard frame adds to training, in iterations:
   rounds of step(c) then snapshot(cost_points=800), against rounds of step(c) alone
   (a snapshot's forward and backward pass is reused by the next step, so this is the true
   extra), with c iterations about 10 ms of training. ARCHITECTURE.md rule 5.

Times are the thread's CPU time (time.thread_time), not wall time: with one BLAS thread the
work is single-threaded, and on a shared machine the wall clock mostly measures the others'
load. The ratios are measured within one run, interleaved, medians.

    .venv/bin/python benchmarks/frame_cost.py     (or: make bench)
"""
import argparse
import os

for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")  # before NumPy loads OpenBLAS: as `make app` runs kernels

import statistics  # noqa: E402
import time  # noqa: E402
import warnings  # noqa: E402

import numpy as np  # noqa: E402

from initlab import Experiment, scenarios  # noqa: E402
from initlab.ui.display import COST_POINTS  # noqa: E402  (what the dashboard asks a snapshot for)

CHUNK_SECONDS = 0.01  # training between two frames in the measurement: short, so a small
# network's ~1 ms frame is not lost in the noise of the training around it


def matmul_shapes(layers_dims, K, m):
    """The (a, b) operand shapes of one training iteration's matmuls (bias folded in as a
    column, as core/network.py does): forward Z = P @ H, backward G = dZ @ H.T, and
    dA = W.T @ dZ below the first layer."""
    shapes = []
    for n_prev, n in zip(layers_dims[:-1], layers_dims[1:]):
        shapes.append(((K, n, n_prev + 1), (K, n_prev + 1, m)))   # forward
        shapes.append(((K, n, m), (K, m, n_prev + 1)))            # weight gradient
    for n_prev, n in list(zip(layers_dims[:-1], layers_dims[1:]))[1:]:
        shapes.append(((K, n_prev, n), (K, n, m)))                # back through W
    return shapes


def flops(shapes):
    return sum(2 * a[0] * a[1] * a[2] * b[2] for a, b in shapes)


def timed(job):
    """CPU seconds of this thread spent in job()."""
    t = time.thread_time()
    job()
    return time.thread_time() - t


def matmul_job(shapes, rng):
    ops = []
    for a, b in shapes:
        A, B = rng.standard_normal(a) * 0.1, rng.standard_normal(b) * 0.1
        ops.append((A, B, np.empty((a[0], a[1], b[2]))))

    def job(n):
        for _ in range(n):
            for A, B, out in ops:
                np.matmul(A, B, out=out)
    return job


def per_iteration(experiment, n):
    return timed(lambda: experiment.step(n)) / n


def flop_rates(rounds):
    rng = np.random.default_rng(0)
    big = rng.standard_normal((1024, 1024))
    np.matmul(big, big)
    peak = statistics.median(2 * 1024 ** 3 / timed(lambda: np.matmul(big, big)) for _ in range(5))
    print(f"machine: large matmul (1024x1024 @ 1024x1024 float64) {peak / 1e9:.1f} GFLOP/s, "
          f"OPENBLAS_NUM_THREADS={os.environ['OPENBLAS_NUM_THREADS']}", flush=True)
    for label, config in (("lesson", scenarios.config("lesson")),
                          ("deep-relu", scenarios.config("deep-relu")),
                          ("deep-relu x4 inits", scenarios.config("deep-relu").replace(
                              initializations=("zeros", "random", "he", "xavier")))):
        e = Experiment(config)
        K, m = len(config.initializations), e.data.train_X.shape[1]
        shapes = matmul_shapes(config.layers_dims, K, m)
        work = flops(shapes)
        mm = matmul_job(shapes, rng)
        per_it = per_iteration(e, 5)
        n = max(5, int(0.2 / per_it))
        mm(n)
        core, bare = [], []
        for _ in range(rounds):
            core.append(per_iteration(e, n))
            bare.append(timed(lambda: mm(n)) / n)
        c, b = statistics.median(core), statistics.median(bare)
        print(f"FLOP rate, {label} ({list(config.layers_dims[:3])}...{config.layers_dims[-1]}, "
              f"{K} inits, m={m}; {work / 1e6:.2f} MFLOP of matmuls per iteration): core "
              f"{work / c / 1e9:.1f} GFLOP/s ({c * 1e3:.2f} ms/iteration, {1 / c:,.0f} it/s); the "
              f"same matmuls alone {work / b / 1e9:.1f} GFLOP/s ({b * 1e3:.2f} ms): the core runs at "
              f"{b / c:.2f} of the matmul limit at these shapes, {work / c / peak:.2f} of the large-matmul peak",
              flush=True)


def frame_cost(label, config, rounds):
    """Extra seconds a frame adds to training and the seconds per iteration, medians."""
    e = Experiment(config)
    e.step(1)
    per_it = per_iteration(e, 3)
    c = max(1, int(CHUNK_SECONDS / per_it))
    frames = max(10, int(0.3 / (c * per_it)))  # ~0.3 s of training per measurement
    e.snapshot(cost_points=COST_POINTS)  # warm up

    def with_frames():
        for _ in range(frames):
            e.step(c)
            e.snapshot(cost_points=COST_POINTS)

    def without():
        for _ in range(frames):
            e.step(c)

    extra, its = [], []
    for _ in range(rounds):
        a, b = timed(with_frames), timed(without)
        extra.append((a - b) / frames)
        its.append(b / (frames * c))
    return statistics.median(extra), statistics.median(its), e.grid_size


def frame_costs(rounds):
    rows = [(name, scenarios.config(name)) for name in scenarios.names()]
    rows.append(("deep-relu x4 inits", scenarios.config("deep-relu").replace(
        initializations=("zeros", "random", "he", "xavier"))))
    for label, config in rows:
        extra, per_it, size = frame_cost(label, config, rounds)
        print(f"frame cost, {label} ({len(config.initializations)} inits, grid {size}x{size}): "
              f"{extra * 1e3:.2f} ms = {extra / per_it:.2f} iterations of {per_it * 1e3:.2f} ms "
              f"(goal <= ~2 in deep mode); at 10 frames/s {extra * 10:.1%} of the time between frames "
              f"(goal <= 10%)", flush=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=5)
    args = ap.parse_args()
    warnings.simplefilter("ignore", RuntimeWarning)  # random x10 and exploding overflow: the lesson
    flop_rates(args.rounds)
    with np.errstate(all="ignore"):
        frame_costs(args.rounds)
    print(f"(times in CPU seconds of the one thread; load average {os.getloadavg()[0]:.1f} on "
          f"{os.cpu_count()} cores at the end)")


if __name__ == "__main__":
    main()
