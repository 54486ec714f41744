"""The heartbeat (ui/heartbeat.py) and the runner's pause when nobody watches, no browser:
ticks are the Play widget's value changing, as the page's timer makes it; time is a fake clock."""
import threading
import time

import ipywidgets as widgets
import pytest

from initlab import Config, Experiment, InitLab
from initlab.ui.heartbeat import TICK_MS, TIMEOUT, Heartbeat
from initlab.ui.runner import IDLE, PAUSED, RUNNING, THREAD_NAME, UNWATCHED, WATCH_POLL, Runner

LONG = 10**6


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


def tick(heartbeat):
    heartbeat.widget.value = (heartbeat.widget.value + 1) % (heartbeat.widget.max + 1)


def wait_for(condition, timeout=10.0):
    end = time.perf_counter() + timeout
    while not condition():
        if time.perf_counter() > end:
            raise AssertionError("timed out waiting")
        time.sleep(0.005)


def test_watched_until_the_ticks_stop_for_the_timeout():
    clock = Clock()
    hb = Heartbeat(clock=clock)
    assert hb.watched() and hb.silence() is None  # no page has ticked yet: nothing known
    tick(hb)
    clock.now += TIMEOUT - 0.5
    assert hb.watched()
    clock.now += 1.0
    assert not hb.watched() and hb.silence() == pytest.approx(TIMEOUT + 0.5)
    tick(hb)  # the page answers again
    assert hb.watched() and hb.silence() == 0


def test_the_timeout_leaves_room_for_throttled_background_tabs_and_pauses_within_30s():
    # Background tabs run timers at most once a second; the run must stop within 30 s.
    assert TICK_MS <= 1000 and 5 * TICK_MS / 1000 <= TIMEOUT <= 25


def test_start_restarts_the_page_timer_and_counts_as_a_beat_once_armed():
    clock = Clock()
    hb = Heartbeat(clock=clock)
    seen = []
    hb.widget.observe(lambda c: seen.append(c["new"]), names="playing")
    hb.start()
    assert seen == [True] and hb.widget.playing  # toggled: the Play view starts on False -> True
    assert hb.silence() is None  # a start from Python alone does not arm it
    tick(hb)
    clock.now += TIMEOUT + 5
    assert not hb.watched()
    hb.start()  # a click on Run came from the page
    assert hb.watched() and seen == [True, False, True]


def test_the_play_widget_is_hidden_ticks_every_second_and_repeats():
    hb = Heartbeat()
    assert isinstance(hb.widget, widgets.Play)
    assert hb.widget.layout.display == "none" and hb.widget.repeat and hb.widget.interval == TICK_MS
    assert "initlab-heartbeat" in hb.widget._dom_classes


def test_runner_pauses_between_chunks_when_not_watched_and_says_why():
    watching = threading.Event()
    watching.set()
    states, published = [], []
    exp = Experiment(Config(num_iterations=LONG))
    runner = Runner(exp, publish=published.append, on_state=states.append, watched=watching.is_set)
    try:
        assert runner.run()
        wait_for(lambda: exp.iteration > 0)
        assert runner.state == RUNNING and runner.pause_reason is None
        watching.clear()
        t0 = time.perf_counter()
        wait_for(lambda: runner.state == PAUSED)
        assert time.perf_counter() - t0 < 1.0  # one chunk is ~30 ms
        assert runner.pause_reason == UNWATCHED and not runner.running
        assert published[-1].iteration == exp.iteration < LONG  # the final state was published
        frozen = exp.iteration
        time.sleep(0.2)
        assert exp.iteration == frozen
        watching.set()
        assert runner.run()  # resumes, and the reason is cleared
        assert runner.pause_reason is None
        wait_for(lambda: exp.iteration > frozen)
        assert runner.pause()
        assert runner.state == PAUSED and runner.pause_reason is None  # a plain pause has none
    finally:
        runner.stop()


@pytest.mark.parametrize("pace", [0.2, 750])  # a 5 s sleep between iterations; the dashboard's pace
def test_a_paced_run_notices_while_it_sleeps_between_frames(pace):
    watching = threading.Event()
    watching.set()
    published = []
    exp = Experiment(Config(num_iterations=LONG))
    runner = Runner(exp, publish=published.append, watched=watching.is_set, pace=pace)
    try:
        assert runner.run()
        wait_for(lambda: exp.iteration > 0)
        time.sleep(0.3)  # at pace 0.2 the thread is now asleep until its next iteration is due
        watching.clear()
        t0 = time.perf_counter()
        wait_for(lambda: runner.state == PAUSED)
        assert time.perf_counter() - t0 < WATCH_POLL + 0.5  # not the 5 s the pace would sleep
        assert WATCH_POLL <= 1.0
        assert runner.pause_reason == UNWATCHED and not runner.running
        assert published[-1].iteration == exp.iteration
        assert len([t for t in threading.enumerate() if t.name == THREAD_NAME]) == 0
    finally:
        runner.stop()


def test_an_exact_step_stops_too_when_nobody_watches():
    watching = threading.Event()
    watching.set()
    exp = Experiment(Config(num_iterations=LONG))
    runner = Runner(exp, publish=lambda s: None, watched=watching.is_set)
    try:
        assert runner.step(LONG - 1)  # many seconds of training at full speed
        wait_for(lambda: exp.iteration > 0)
        watching.clear()
        wait_for(lambda: runner.state == PAUSED, timeout=2.0)
        assert runner.pause_reason == UNWATCHED and exp.iteration < LONG - 1
    finally:
        runner.stop()


@pytest.mark.parametrize("pace", [None, 50])
def test_the_lab_pauses_a_run_nobody_watches_then_resumes_on_run(pace):
    lab = InitLab(num_iterations=LONG, pace=pace)
    try:
        clock = Clock()
        lab.heartbeat.clock = clock
        assert lab.heartbeat.widget in lab.children
        tick(lab.heartbeat)
        lab.transport.run.click()
        assert lab.heartbeat.widget.playing
        wait_for(lambda: lab.experiment.iteration > 0)
        assert lab.state == RUNNING and lab.watch_note.value == ""
        clock.now += TIMEOUT + 1  # the tab closed: no more ticks
        wait_for(lambda: lab.state == PAUSED)
        assert "stopped answering" in lab.watch_note.value and "Press Run" in lab.watch_note.value
        frozen = lab.experiment.iteration
        time.sleep(0.2)
        assert lab.experiment.iteration == frozen
        # Back in the tab: Resume (the pause button) or Run goes on, the note clears.
        lab.transport.pause.click()
        wait_for(lambda: lab.experiment.iteration > frozen)
        assert lab.state == RUNNING and lab.watch_note.value == ""
        lab.transport.run.click()  # double click while running: still one thread
        assert len([t for t in threading.enumerate() if t.name == THREAD_NAME]) == 1
        assert lab.pause()
        assert lab.state == PAUSED and lab.watch_note.value == ""
    finally:
        lab.close()


def test_a_lab_with_no_page_trains_unwatched_as_before():
    lab = InitLab(num_iterations=300)
    try:
        lab.heartbeat.clock = lambda: time.monotonic() + 10 * TIMEOUT  # would be silent, if armed
        lab.run()
        wait_for(lambda: lab.state not in (RUNNING, IDLE))
        assert lab.experiment.iteration == 300 and lab.runner.pause_reason is None
    finally:
        lab.close()
