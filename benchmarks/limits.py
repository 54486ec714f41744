#!/usr/bin/env python3
"""Does the largest allowed experiment fit? Peak RSS and ms per iteration, in fresh processes.

Builds the Experiment with every limit declared in initlab.core.fields at its maximum at once
(hidden layers, units per layer, initializations, samples), for each activation, and
prints its peak RSS and the median time of one training iteration (plus one snapshot,
which the dashboard takes at most every ~100 ms). A full run's cost history
(MAX_RECORDS points) is measured separately, by training a small network with
record_every=1 for that many iterations, and added to give the worst case.
Each is run with OpenBLAS's default threads (what a kernel gets) and with one thread,
and timed both by the wall clock and by CPU time: on a loaded machine, oversubscribed
BLAS threads can make the wall time many times the work done.
Targets (issue 7): kernel < 500 MB, one iteration < 100 ms of CPU (wall time is printed
beside it, and equals it on an idle machine with one thread). Shared machines are noisy.
"""
import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time

TARGET_MB, TARGET_MS = 500, 100


def peak_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux


def most_initializations():
    """The named schemes, then scaled He variants, up to the limit."""
    from initlab.core import fields
    from initlab.core.initializers import initialize
    from initlab.core.schemes import NAMES

    def scaled(factor):
        def init(layers_dims):
            return {k: v * factor for k, v in initialize("he", layers_dims, seed=5).items()}
        init.__name__ = f"he_times_{factor:g}".replace(".", "_")
        return init

    extra = [scaled(f) for f in (0.5, 2.0, 0.25, 4.0, 0.125, 8.0)]
    return (list(NAMES) + extra)[:fields.INITIALIZATIONS.kind.count.high]


def largest(activation, iterations):
    import numpy as np

    import initlab.ui  # noqa: F401  (the dashboard kernel holds ipywidgets, bqplot and ipykernel too)
    import ipykernel.ipkernel  # noqa: F401
    from initlab import Experiment
    from initlab.core import fields

    inits = most_initializations()
    layers = fields.LAYERS_DIMS.kind
    hidden = [layers.units.high] * layers.hidden.high
    base = peak_mb()
    e = Experiment(initializations=inits, layers_dims=[2, *hidden, 1], activation=activation,
                   n_samples=fields.N_SAMPLES.limit.high, num_iterations=fields.NUM_ITERATIONS.limit.high,
                   random_scale=1.0)
    e.step(2)  # warm up
    times, cpu = [], []
    for _ in range(iterations):
        t, c = time.perf_counter(), time.process_time()
        e.step(1)
        times.append(time.perf_counter() - t)
        cpu.append(time.process_time() - c)
    t = time.perf_counter()
    e.snapshot()
    snap = time.perf_counter() - t
    return {"dims": f"[2] + [{layers.units.high}]*{layers.hidden.high} + [1]", "K": len(inits),
            "m": fields.N_SAMPLES.limit.high, "ms_per_iteration": 1000 * statistics.median(times),
            "ms_max": 1000 * max(times),
            "cpu_ms": 1000 * statistics.median(cpu), "ms_snapshot": 1000 * snap,
            "peak_mb": peak_mb(), "import_mb": base, "finite": bool(np.isfinite(e.network.theta).all())}


def history(_activation, _iterations):
    from initlab import Experiment
    from initlab.core import fields

    e = Experiment(initializations=most_initializations(), layers_dims=[2, 1],
                   num_iterations=fields.MAX_RECORDS, record_every=1)
    before = peak_mb()
    e.step(fields.MAX_RECORDS)
    return {"records": len(e.cost_history()[0]), "history_mb": peak_mb() - before}


def child(kind, activation, iterations, threads=None):
    env = dict(os.environ)
    if threads:
        env.update(OPENBLAS_NUM_THREADS=str(threads), OMP_NUM_THREADS=str(threads))
    out = subprocess.run([sys.executable, __file__, "--child", kind, activation, str(iterations)],
                         check=True, capture_output=True, text=True, env=env)
    return json.loads(out.stdout)


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--iterations", type=int, default=15)
    p.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = p.parse_args()
    if args.child:
        kind, activation, iterations = args.child
        print(json.dumps({"largest": largest, "history": history}[kind](activation, int(iterations))))
        return
    print(f"load average at start: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    h = child("history", "relu", 0)
    print(f"cost history of a full run: {h['records']:,} records, +{h['history_mb']:.1f} MB peak RSS")
    ok = True
    for activation in ("relu", "tanh"):
        for threads in (None, 1):
            r = child("largest", activation, args.iterations, threads)
            total = r["peak_mb"] + h["history_mb"]
            # CPU time is the work one iteration does, what it takes on an idle core; on a shared
            # machine the wall time also holds waiting for the other processes.
            fits = total < TARGET_MB and r["cpu_ms"] < TARGET_MS
            ok &= fits
            print(f"largest allowed, {activation}, {'1 BLAS thread' if threads else 'default BLAS threads'}: "
                  f"{r['dims']}, K={r['K']}, m={r['m']}: {r['ms_per_iteration']:.1f} ms/iteration wall "
                  f"(median of {args.iterations}, max {r['ms_max']:.1f}), {r['cpu_ms']:.1f} ms CPU; "
                  f"snapshot {r['ms_snapshot']:.1f} ms; peak RSS {r['peak_mb']:.0f} MB "
                  f"(after imports {r['import_mb']:.0f} MB), {total:.0f} MB with a full history"
                  f" -> {'within' if fits else 'OVER'} {TARGET_MB} MB / {TARGET_MS} ms CPU")
    print(f"load average at end: {os.getloadavg()[0]:.1f}")
    print("limits fit the targets" if ok else "limits EXCEED the targets in this run (is the machine loaded?)")


if __name__ == "__main__":
    main()
