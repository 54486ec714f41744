"""The heartbeat (ui/heartbeat.py), the runner's pause when nobody watches and its wait for the
page to draw, no browser: ticks and answers are the page's traits changing, as its script makes
them; time is a fake clock."""
import threading
import time

import anywidget
import pytest

from initlab import Config, Experiment, InitLab
from initlab.ui.heartbeat import FRAME_WAIT, IN_FLIGHT, TICK_MS, TIMEOUT, Heartbeat
from initlab.ui.runner import IDLE, PAUSED, RUNNING, THREAD_NAME, UNWATCHED, WATCH_POLL, Runner

from lab_helpers import LONG, wait_for

class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


def tick(heartbeat):
    heartbeat.widget.tick += 1


def answer(heartbeat):
    """The page painted the last frame sent."""
    heartbeat.widget.shown = heartbeat.widget.frame


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


def test_start_counts_as_a_beat_once_armed():
    clock = Clock()
    hb = Heartbeat(clock=clock)
    hb.start()
    assert hb.silence() is None  # a start from Python alone does not arm it
    tick(hb)
    clock.now += TIMEOUT + 5
    assert not hb.watched()
    hb.start()  # a click on Run came from the page
    assert hb.watched() and hb.silence() == 0


def test_an_answered_frame_is_word_from_the_page_too():
    clock = Clock()
    hb = Heartbeat(clock=clock)
    tick(hb)
    clock.now += TIMEOUT + 1
    assert not hb.watched()
    hb.sent()
    answer(hb)  # a page busy painting, its timer late: it is still there
    assert hb.watched()


def test_the_widget_is_hidden_and_its_script_ticks_and_answers_after_a_paint():
    hb = Heartbeat()
    assert isinstance(hb.widget, anywidget.AnyWidget) and hb.widget.interval == TICK_MS
    assert "initlab-heartbeat" in hb.widget._dom_classes
    esm = hb.widget._esm
    assert "display = 'none'" in esm and "setInterval" in esm and "model.get('interval')" in esm
    assert "change:frame" in esm and "requestAnimationFrame" in esm and "'shown'" in esm


def test_frames_wait_for_the_page_once_it_answers():
    clock = Clock()
    hb = Heartbeat(clock=clock)
    for _ in range(5):  # no page has answered yet (none, or not drawn): frames flow freely
        assert hb.ready()
        hb.sent()
    answer(hb)
    for _ in range(IN_FLIGHT):
        assert hb.ready()
        hb.sent()
    assert not hb.ready()  # IN_FLIGHT frames on their way: the next waits
    clock.now += FRAME_WAIT - 0.1
    assert not hb.ready()
    hb.widget.shown = hb.widget.frame - IN_FLIGHT + 1  # the page painted one of them
    assert hb.ready()
    hb.sent()
    assert not hb.ready()
    clock.now += FRAME_WAIT  # a hidden tab paints nothing: it still gets a frame now and then
    assert hb.ready()
    assert hb.widget.frame == 5 + IN_FLIGHT + 1


def test_runner_skips_frames_the_page_is_not_ready_for_and_publishes_the_last():
    ready = threading.Event()
    ready.set()
    published = []
    exp = Experiment(Config(num_iterations=LONG))
    runner = Runner(exp, publish=published.append, ready=ready.is_set)
    try:
        assert runner.run()
        wait_for(lambda: len(published) >= 2)
        ready.clear()
        time.sleep(0.05)  # a frame decided before the clear may still be going out
        count, at = len(published), exp.iteration
        wait_for(lambda: exp.iteration > at + 1000)
        time.sleep(0.3)  # three unpaced frames' worth
        assert len(published) == count  # training went on, frames did not
        ready.set()
        wait_for(lambda: len(published) > count)
        ready.clear()
        assert runner.pause()
        assert published[-1].iteration == exp.iteration  # the final state goes regardless
    finally:
        runner.stop()


def test_the_lab_counts_every_frame_it_shows_and_waits_for_the_page():
    lab = InitLab(num_iterations=20000)
    try:
        lab.heartbeat.clock = Clock()  # frozen: FRAME_WAIT never passes
        first = lab.heartbeat.widget.frame
        assert first >= 1  # the first drawing
        lab.step(10000)  # a Step publishes only its end
        wait_for(lambda: lab.state == PAUSED)
        assert lab.heartbeat.widget.frame == first + 1
        # No page has answered: a run's frames flow freely (a second or so at full speed).
        lab.run()
        wait_for(lambda: lab.state not in (RUNNING, IDLE))
        free = lab.heartbeat.widget.frame - (first + 1)
        assert free > IN_FLIGHT + 1
        lab.reset()
        lab.heartbeat.widget.shown = lab.heartbeat.widget.frame  # the page answers, then falls silent
        before = lab.heartbeat.widget.frame
        lab.run()
        wait_for(lambda: lab.state not in (RUNNING, IDLE))
        assert lab.experiment.iteration == 20000
        # IN_FLIGHT frames went unanswered, then only the final one.
        assert lab.heartbeat.widget.frame - before == IN_FLIGHT + 1
    finally:
        lab.close()


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
        wait_for(lambda: lab.experiment.iteration > 0)
        assert lab.state == RUNNING and lab.notices.watch_note.value == ""
        clock.now += TIMEOUT + 1  # the tab closed: no more ticks
        wait_for(lambda: lab.state == PAUSED)
        assert "stopped answering" in lab.notices.watch_note.value and "Press Run" in lab.notices.watch_note.value
        frozen = lab.experiment.iteration
        time.sleep(0.2)
        assert lab.experiment.iteration == frozen
        # Back in the tab: Resume (the pause button) or Run goes on, the note clears.
        lab.transport.pause.click()
        wait_for(lambda: lab.experiment.iteration > frozen)
        assert lab.state == RUNNING and lab.notices.watch_note.value == ""
        lab.transport.run.click()  # double click while running: still one thread
        assert len([t for t in threading.enumerate() if t.name == THREAD_NAME]) == 1
        assert lab.pause()
        assert lab.state == PAUSED and lab.notices.watch_note.value == ""
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
