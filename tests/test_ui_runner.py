"""The runner alone: one thread, time-sized chunks, throttled publishing, pause/stop, errors."""
import threading
import time

import pytest

from initlab import Experiment
from initlab.ui.runner import DONE, ERROR, IDLE, PAUSED, RUNNING, Runner

from lab_helpers import runner_threads, wait_for


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
        self.starts = []  # when each frame's snapshot began: the runner spaces frames by these

    def snapshot(self, experiment, take=None):
        self.starts.append(time.perf_counter())
        return (take or Experiment.snapshot)(experiment)

    def publish(self, snapshot):
        self.times.append(time.perf_counter())
        self.iterations.append(snapshot.iteration)

    def on_state(self, state):
        self.states.append(state)

    def on_error(self, exc, text):
        self.errors.append((exc, text))

    def runner(self, experiment, snapshot=None, **kwargs):
        return Runner(experiment, self.publish, self.on_state, self.on_error,
                      snapshot=lambda e: self.snapshot(e, snapshot), **kwargs)


@pytest.fixture
def recorder():
    rec = Recorder()
    yield rec
    assert not runner_threads(), "a test left a runner thread behind"


def test_publishes_throttled_by_time_and_always_the_final_state(recorder):
    experiment = SlowExperiment(num_iterations=500, initializations=["he"])
    runner = recorder.runner(experiment, publish_interval=0.1)
    assert runner.run()
    wait_for(lambda: runner.state == DONE)
    assert recorder.states == [RUNNING, DONE]
    assert recorder.iterations[-1] == 500, "the final state is always published"
    assert len(recorder.times) >= 4
    gaps = [b - a for a, b in zip(recorder.starts[:-2], recorder.starts[1:-1])]
    assert min(gaps) >= 0.1 - 0.005, gaps  # throttled; only the final publish may come sooner
    assert recorder.iterations == sorted(recorder.iterations)
    # Chunks are sized by time (~30 ms), not by a fixed iteration count.
    assert max(experiment.step_seconds) < 0.1
    assert runner.iterations_per_second > 0


def test_a_slow_frame_spaces_the_next_ones_out_so_training_keeps_its_share(recorder):
    """A frame that takes 60 ms would, every 0.1 s, take 60% of the time: unpaced, frames wait
    until they take at most FRAME_SHARE of it, and training keeps the rest."""
    from initlab.ui.runner import FRAME_SHARE

    def slow_snapshot(experiment):
        time.sleep(0.06)
        return experiment.snapshot(boundary=False)

    experiment = SlowExperiment(num_iterations=1_000_000, initializations=["he"])
    runner = recorder.runner(experiment, publish_interval=0.05, snapshot=slow_snapshot)
    t0 = time.perf_counter()
    runner.run()
    time.sleep(2.0)
    runner.pause()
    wall = time.perf_counter() - t0
    gaps = [b - a for a, b in zip(recorder.starts[1:-2], recorder.starts[2:-1])]
    assert min(gaps) >= 0.06 / FRAME_SHARE - 0.01, gaps
    frames = len(recorder.times)
    assert frames * 0.06 <= (FRAME_SHARE + 0.05) * wall, (frames, wall)


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


@pytest.mark.parametrize("n", [1, 10, 100, 1000, 5000])
def test_step_trains_exactly_n_then_pauses(recorder, n):
    experiment = Experiment(num_iterations=1_000_000)
    runner = recorder.runner(experiment, pace=50)  # Step is exact and immediate, whatever the pace
    assert runner.state == IDLE
    for k in (1, 2):
        assert runner.step(n)
        wait_for(lambda: runner.state == PAUSED)
        assert experiment.iteration == k * n
        assert recorder.iterations[-1] == k * n
    assert recorder.states == [RUNNING, PAUSED, RUNNING, PAUSED]


def test_step_stops_at_the_end_of_the_run(recorder):
    experiment = Experiment(num_iterations=15, initializations=["he"])
    runner = recorder.runner(experiment)
    runner.step(10)
    wait_for(lambda: runner.state == PAUSED)
    runner.step(10)
    wait_for(lambda: runner.state == DONE)
    assert experiment.iteration == 15
    with pytest.raises(ValueError, match="step size"):
        runner.step(0)


def test_pace_limits_the_rate_without_burning_cpu(recorder):
    experiment = Experiment(num_iterations=1_000_000, initializations=["he"])
    runner = recorder.runner(experiment, pace=200)
    cpu0, t0 = time.process_time(), time.perf_counter()
    runner.run()
    time.sleep(1.0)
    runner.pause()
    wall, cpu = time.perf_counter() - t0, time.process_time() - cpu0
    rate = experiment.iteration / wall
    assert 100 <= rate <= 215, rate  # never over the pace; a loaded machine may fall short
    # Unpaced, this network does >10,000 it/s; 200 it/s of it plus 20 snapshots a second is a
    # small share of a core. Sleeping (not spinning) between frames keeps it so.
    assert cpu < 0.5 * wall, (cpu, wall)
    # Frames are publish_interval apart: motion, not a few jumps.
    gaps = [b - a for a, b in zip(recorder.times[1:-2], recorder.times[2:-1])]
    assert 0.04 <= sorted(gaps)[len(gaps) // 2] <= 0.1, gaps


def test_pace_applies_live_and_pause_is_instant_while_waiting(recorder):
    experiment = Experiment(num_iterations=1_000_000, initializations=["he"])
    runner = recorder.runner(experiment, pace=50)
    t0 = time.perf_counter()
    runner.run()
    time.sleep(0.5)
    slow = experiment.iteration
    assert slow <= 50 * (time.perf_counter() - t0) + 3, slow  # the schedule plus one frame at most
    runner.pace = None  # full speed, live
    wait_for(lambda: experiment.iteration - slow > 1000, timeout=5)  # 20 s at the old pace
    runner.pace = 50
    time.sleep(0.2)
    t0 = time.perf_counter()
    runner.pause()
    assert time.perf_counter() - t0 < 0.1
    assert runner.state == PAUSED and not runner_threads()
    with pytest.raises(ValueError, match="pace"):
        runner.pace = 0


def test_run_after_close_is_refused(recorder):
    runner = recorder.runner(SlowExperiment(num_iterations=100_000, initializations=["he"]))
    runner.run()
    assert runner.close()
    assert not runner_threads() and runner.closed
    for call in (runner.run, runner.step, lambda: runner.load(Experiment())):
        with pytest.raises(RuntimeError, match="closed"):
            call()


def test_concurrent_control_calls_never_join_an_unstarted_thread(recorder):
    # on_state takes time, as the app's widget updates do: that widened the old race window.
    runner = Runner(SlowExperiment(num_iterations=10**6, initializations=["he"]), recorder.publish,
                    on_state=lambda state: time.sleep(0.002))
    errors = []

    def hammer(calls):
        try:
            for _ in range(150):
                for call in calls:
                    call()
        except BaseException as exc:  # noqa: B036
            errors.append(exc)

    threads = [threading.Thread(target=hammer, args=([runner.run, runner.pause],)),
               threading.Thread(target=hammer, args=([runner.stop, runner.run],)),
               threading.Thread(target=hammer, args=([lambda: runner.step(3), runner.pause],))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert not errors, errors
    assert runner.stop() and not runner_threads()
    assert runner.state in (PAUSED, DONE)


def test_double_click_on_run_and_on_step_starts_one_thread(recorder):
    experiment = SlowExperiment(num_iterations=100_000, initializations=["he"])
    runner = recorder.runner(experiment)
    assert runner.step(200) and not runner.step(200)
    wait_for(lambda: runner.state == PAUSED)
    assert experiment.iteration == 200
    assert runner.run() and not runner.run()
    assert len(runner_threads()) == 1
    runner.stop()


@pytest.mark.parametrize("error", [FloatingPointError("boom"), SystemExit("exit called during training")],
                         ids=["exception", "base-exception"])
def test_an_exception_in_the_thread_reaches_on_error_and_leaves_the_state_error(recorder, error):
    experiment = Experiment(num_iterations=1000)

    def broken(n=1):
        raise error

    experiment.step = broken
    runner = recorder.runner(experiment)
    runner.run()
    wait_for(lambda: runner.state == ERROR)
    wait_for(lambda: not runner_threads())
    (exc, text), = recorder.errors
    assert isinstance(exc, type(error)) and str(error) in text and "Traceback" in text
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


def test_paced_frames_keep_their_interval_whatever_a_frame_costs(recorder):
    """A paced frame that takes 80 ms of a 200 ms interval: the next frame is timed from this
    one's start, so frames stay 200 ms apart (timed from their end, they would be 280)."""
    def slow_snapshot(experiment):
        time.sleep(0.08)
        return experiment.snapshot(boundary=False)

    experiment = Experiment(num_iterations=1_000_000, initializations=["he"])
    runner = recorder.runner(experiment, pace=500, publish_interval=0.2, snapshot=slow_snapshot)
    runner.run()
    time.sleep(2.5)
    runner.pause()
    gaps = sorted(b - a for a, b in zip(recorder.starts[1:-2], recorder.starts[2:-1]))
    assert len(gaps) >= 6, gaps
    quartiles = gaps[len(gaps) // 4], gaps[3 * len(gaps) // 4]
    assert 0.18 <= quartiles[0] and quartiles[1] <= 0.25, gaps


def test_a_paced_frame_that_waits_for_the_page_goes_as_soon_as_the_page_is_ready(recorder):
    """A page that paints each frame 420 ms after it is sent, two frames in flight at most (as the
    heartbeat allows), frames every 200 ms: waiting for the next frame's time after a refusal
    shows 2 frames every 600 ms (3.3/s); asking again while the run sleeps shows them as the page
    can, 2 every 420 ms (4.8/s)."""
    sent, lock = [], threading.Lock()

    def publish(snapshot):
        with lock:
            sent.append(time.perf_counter())

    def ready():
        with lock:
            now = time.perf_counter()
            return sum(1 for t in sent if now - t < 0.42) < 2

    experiment = Experiment(num_iterations=1_000_000, initializations=["he"])
    runner = Runner(experiment, publish, pace=500, publish_interval=0.2, ready=ready)
    runner.run()
    time.sleep(4.5)
    runner.pause()
    with lock:
        middle = [t for t in sent if sent[0] + 0.3 <= t <= sent[0] + 4.3]
    rate = (len(middle) - 1) / (middle[-1] - middle[0])
    assert 4.0 <= rate <= 5.1, rate
