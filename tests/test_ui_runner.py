"""The runner alone: one thread, time-sized chunks, throttled publishing, pause/stop, errors."""
import threading
import time

import pytest

from initlab import Experiment
from initlab.ui.runner import DONE, ERROR, IDLE, PAUSED, RUNNING, THREAD_NAME, Runner


def runner_threads():
    return [t for t in threading.enumerate() if t.name == THREAD_NAME and t.is_alive()]


def wait_for(condition, timeout=5.0):
    end = time.perf_counter() + timeout
    while not condition():
        if time.perf_counter() > end:
            raise AssertionError("timed out waiting")
        time.sleep(0.002)


class SlowExperiment(Experiment):
    """1 ms per iteration: publishing and chunking become a matter of wall time, not CPU speed."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.step_seconds = []

    def step(self, n=1):
        t0 = time.perf_counter()
        time.sleep(0.001 * n)
        super().step(n)
        self.step_seconds.append(time.perf_counter() - t0)
        return self


class Recorder:
    def __init__(self):
        self.times, self.iterations, self.states, self.errors = [], [], [], []

    def publish(self, snapshot):
        self.times.append(time.perf_counter())
        self.iterations.append(snapshot.iteration)

    def on_state(self, state):
        self.states.append(state)

    def on_error(self, exc, text):
        self.errors.append((exc, text))

    def runner(self, experiment, **kwargs):
        return Runner(experiment, self.publish, self.on_state, self.on_error, **kwargs)


@pytest.fixture
def recorder():
    rec = Recorder()
    yield rec
    assert not runner_threads(), "a test left a runner thread behind"


def test_publishes_at_most_every_100ms_and_always_the_final_state(recorder):
    experiment = SlowExperiment(num_iterations=500, initializations=["he"])
    runner = recorder.runner(experiment)
    assert runner.run()
    wait_for(lambda: runner.state == DONE)
    assert recorder.states == [RUNNING, DONE]
    assert recorder.iterations[-1] == 500, "the final state is always published"
    assert len(recorder.times) >= 4
    gaps = [b - a for a, b in zip(recorder.times[:-2], recorder.times[1:-1])]
    assert min(gaps) >= 0.1 - 0.005, gaps  # throttled; only the final publish may come sooner
    assert recorder.iterations == sorted(recorder.iterations)
    # Chunks are sized by time (~30 ms), not by a fixed iteration count.
    assert max(experiment.step_seconds) < 0.1
    assert runner.iterations_per_second > 0


def test_pause_takes_effect_within_100ms_and_resume_continues(recorder):
    experiment = SlowExperiment(num_iterations=100_000, initializations=["he"])
    runner = recorder.runner(experiment)
    runner.run()
    wait_for(lambda: experiment.iteration > 50)
    t0 = time.perf_counter()
    runner.pause()
    assert time.perf_counter() - t0 < 0.1
    assert not runner_threads() and runner.state == PAUSED
    frozen = experiment.iteration
    assert recorder.iterations[-1] == frozen, "pausing publishes the state it paused at"
    time.sleep(0.05)
    assert experiment.iteration == frozen
    runner.run()
    wait_for(lambda: experiment.iteration > frozen)
    assert runner.stop()
    assert runner.state == PAUSED


def test_run_while_running_starts_no_second_thread(recorder):
    runner = recorder.runner(SlowExperiment(num_iterations=100_000, initializations=["he"]))
    assert runner.run() is True
    assert runner.run() is False
    assert runner.step() is False
    assert len(runner_threads()) == 1
    runner.stop()


def test_step_trains_one_chunk_then_pauses(recorder):
    experiment = Experiment(num_iterations=1_000_000)
    runner = recorder.runner(experiment)
    assert runner.state == IDLE
    runner.step()
    wait_for(lambda: runner.state == PAUSED)
    assert 0 < experiment.iteration < 1_000_000
    assert recorder.iterations == [experiment.iteration]
    assert recorder.states == [RUNNING, PAUSED]


def test_an_exception_in_the_thread_reaches_on_error(recorder):
    experiment = Experiment(num_iterations=1000)

    def broken(n=1):
        raise FloatingPointError("boom")

    experiment.step = broken
    runner = recorder.runner(experiment)
    runner.run()
    wait_for(lambda: runner.state == ERROR)
    wait_for(lambda: not runner_threads())
    (exc, text), = recorder.errors
    assert isinstance(exc, FloatingPointError) and "boom" in text and "Traceback" in text
    assert recorder.states == [RUNNING, ERROR]


def test_stop_ends_the_thread_and_a_finished_run_does_not_restart(recorder):
    experiment = Experiment(num_iterations=200, initializations=["zeros"])
    runner = recorder.runner(experiment)
    runner.run()
    wait_for(lambda: runner.state == DONE)
    assert runner.run() is False and runner.step() is False
    assert experiment.iteration == 200
    runner.load(Experiment(num_iterations=10**6))
    assert runner.state == IDLE and runner.iterations_per_second == 0
    runner.run()
    assert runner.stop()
    assert not runner_threads()
