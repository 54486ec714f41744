#!/usr/bin/env python3
"""How fast is the training core? Ratios measured in one run, interleaved rounds.

1. lesson.model() against the plain NumPy loop of the same lesson (tests/lesson_loop.py:
   dict parameters, new arrays every step, cost every iteration), whose numbers it equals;
2. Experiment with 4 initializations in lockstep against 1.
Absolute times are noisy on shared machines; quote the ratios.
"""
import argparse
import contextlib
import io
import statistics
import sys
import time
from pathlib import Path

from initlab import Experiment, lesson

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
import lesson_loop  # noqa: E402  (the plain loop the core is tested against)


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
        "plain NumPy loop": lambda: lesson_loop.model(X, Y, lesson.initialize_parameters_he([2, 10, 5, 1]), n),
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
