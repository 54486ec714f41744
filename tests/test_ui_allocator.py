"""The runner sets the allocator up so that a frame reuses memory instead of faulting in fresh
pages (ui/allocator.py). Each case runs in a process of its own: the setting is process-wide."""
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

WIDGETS = Path(__file__).resolve().parents[1] / "widgets"

FRAMES = """
import json, resource, sys, threading
from initlab.core import scenarios
from initlab.core.experiment import Experiment
experiment = Experiment(scenarios.config("deep-relu"))
took = None
if sys.argv[1] == "runner":
    from initlab.ui import allocator
    from initlab.ui.runner import Runner
    Runner(experiment, publish=lambda snapshot: None)   # as the lab makes it, before any frame
    took = allocator._done
faults = []
def frames():  # on a thread of its own, as the runner's frames are
    for _ in range(12):
        experiment.step(1)
        before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
        experiment.snapshot(cost_points=800)
        faults.append(resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before)
thread = threading.Thread(target=frames)
thread.start()
thread.join()
print(json.dumps({"took": took, "faults": sorted(faults[2:])[len(faults[2:]) // 2]}))
"""


def frame_faults(mode):
    out = subprocess.run([sys.executable, "-c", FRAMES, mode], capture_output=True, text=True,
                         env={**os.environ, "PYTHONPATH": str(WIDGETS), "OPENBLAS_NUM_THREADS": "1"},
                         timeout=120, check=True)
    return json.loads(out.stdout)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's mallopt: Linux only")
def test_a_runner_makes_deep_frames_fault_a_fraction_of_the_pages():
    plain, tuned = frame_faults("plain"), frame_faults("runner")
    assert tuned["took"] is True
    # a deep-relu frame faulted in ~660 pages (its arrays mmapped fresh each time), 0 after
    assert plain["faults"] > 200
    assert tuned["faults"] * 5 < plain["faults"], (plain, tuned)
