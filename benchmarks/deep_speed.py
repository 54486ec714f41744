#!/usr/bin/env python3
"""Deep mode against PyTorch: the deep-relu network [2] + [64]*10 + [1] (and the lesson's
[2, 10, 5, 1]), 4 initializations trained in lockstep on m = 300 points, full-batch gradient
descent in float64 on the CPU.

InitLab's core (Experiment.step) against the same computation written the way a PyTorch user
would: the 4 models' parameters stacked, torch.baddbmm per layer, autograd for the gradients,
an SGD step under no_grad. Both run in the same process, in interleaved rounds; the ratio is
the median of the per-round ratios. Absolute times are noisy on shared machines: quote the ratio.

PyTorch is optional (a benchmark-only dependency): `pip install torch==2.13.0` installs the
CPU build kept on these machines. Without it this prints one line saying so.
"""
import argparse
import os
import statistics
import time
import warnings


def parse_args():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--iterations", type=int, default=200, help="per round, deep network")
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--threads", type=int, default=1,
                    help="BLAS / PyTorch threads for both (0: each library's default). One each is "
                         "the stable comparison on a shared 2-core machine, where threaded BLAS stalls.")
    return ap.parse_args()


ARGS = parse_args() if __name__ == "__main__" else None
if ARGS is not None and ARGS.threads:  # before NumPy loads OpenBLAS
    for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[var] = str(ARGS.threads)

import numpy as np  # noqa: E402

from initlab import Experiment, scenarios  # noqa: E402
from initlab.core.schemes import NAMES as INITS  # noqa: E402

NETWORKS = {"deep-mode": scenarios.config("deep-relu").layers_dims, "lesson-size": (2, 10, 5, 1)}


def torch_loop(torch, experiment):
    """A PyTorch training step on the experiment's own data and initial weights."""
    X = torch.tensor(experiment.data.train_X, dtype=torch.float64)
    Y = torch.tensor(experiment.data.train_Y, dtype=torch.float64).expand(len(experiment.names), 1, -1)
    params = []
    for W, b in zip(experiment.network.W[1:], experiment.network.b[1:]):
        b = b.transpose(1, 0, 2)  # (K, n_l, 1), like W
        params += [torch.tensor(W, dtype=torch.float64, requires_grad=True),
                   torch.tensor(b, dtype=torch.float64, requires_grad=True)]
    H0 = X.expand(len(experiment.names), -1, -1)
    lr = experiment.learning_rate
    last = len(params) // 2 - 1
    bce = torch.nn.functional.binary_cross_entropy_with_logits

    def step(n):
        for _ in range(n):
            H = H0
            for l in range(last + 1):
                Z = torch.baddbmm(params[2 * l + 1], params[2 * l], H)
                H = Z if l == last else torch.relu(Z)
            # The sum over models of each model's mean cross-entropy: the models stay independent.
            loss = bce(H, Y, reduction="none").mean(dim=2).sum()
            for p in params:
                p.grad = None
            loss.backward()
            with torch.no_grad():
                for p in params:
                    p -= lr * p.grad
    return step


def timed(job, n):
    start = time.perf_counter()
    job(n)
    return time.perf_counter() - start


def main(args):
    try:
        import torch
    except ImportError:
        print("deep-mode: PyTorch is not installed, so there is no comparison "
              "(pip install torch==2.13.0 installs the local CPU build)")
        return
    if args.threads:
        torch.set_num_threads(args.threads)
    threads = os.environ.get("OPENBLAS_NUM_THREADS", "default")
    print(f"PyTorch {torch.__version__}, {torch.get_num_threads()} intra-op threads; "
          f"NumPy {np.__version__}, OPENBLAS_NUM_THREADS={threads}; {os.cpu_count()} CPUs, load "
          f"{os.getloadavg()[0]:.1f}")
    warnings.simplefilter("ignore", RuntimeWarning)  # random x10 saturates; that is the lesson
    for label, dims in NETWORKS.items():
        n = args.iterations if label == "deep-mode" else args.iterations * 20
        config = scenarios.config("deep-relu").replace(layers_dims=dims, initializations=INITS)
        ours = Experiment(config)
        theirs = torch_loop(torch, Experiment(config))
        jobs = {"InitLab": ours.step, "PyTorch": theirs}
        for job in jobs.values():
            job(max(n // 10, 1))  # warm-up
        times = {name: [] for name in jobs}
        for _ in range(args.rounds):
            for name, job in jobs.items():
                times[name].append(timed(job, n))
        per_it = {name: statistics.median(t) / n * 1e6 for name, t in times.items()}
        ratio = statistics.median(p / i for p, i in zip(times["PyTorch"], times["InitLab"]))
        print(f"{label}: {list(dims[:3])}...{list(dims[-2:])} x{len(INITS)} inits, m=300: InitLab "
              f"{per_it['InitLab']:.0f} us/iteration ({1e6 / per_it['InitLab']:.0f} it/s), PyTorch "
              f"{per_it['PyTorch']:.0f} us/iteration ({1e6 / per_it['PyTorch']:.0f} it/s): "
              f"InitLab is {ratio:.2f}x PyTorch's speed (median of {args.rounds} rounds)")


if __name__ == "__main__":
    main(ARGS)
