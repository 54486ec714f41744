"""The one background thread that trains an Experiment (ARCHITECTURE.md: one runner owns the thread). No widget code here:
views are reached only through the `publish` callback, so this is testable on its own."""
import math
import numbers
import sys
import threading
import time
import traceback

from .allocator import reuse_freed_memory

IDLE, RUNNING, PAUSED, DONE, ERROR = "idle", "running", "paused", "done", "error"
UNWATCHED = "unwatched"  # pause_reason when watched() said nobody is looking
THREAD_NAME = "initlab-runner"
RATE_WINDOW = 0.5  # seconds the shown it/s is averaged over (a frame is too short to read)
BEHIND_SECONDS = 0.25  # a paced run this far behind its schedule stops trying to catch up
WATCH_POLL = 0.5  # a paced run's longest sleep between looks at watched(), however slow the pace
READY_POLL = 0.005  # a paced run whose frame waits for the page asks ready() this often while it sleeps
# Unpaced, frames (snapshot and views) take at most this share of the thread's CPU time, whatever
# a frame costs: a slow frame spaces the next ones out, so training keeps the rest (ARCHITECTURE.md
# rule 5). CPU time, not wall time: on a loaded machine the thread waits for a core as long during
# a frame as during training, and that should not thin the frames.
FRAME_SHARE = 0.15
# Unpaced, a frame every this many seconds when frames are cheap enough: a little over 10 a
# second, so a deep net's training still shows as motion.
UNPACED_FRAME = 0.095


def check_pace(pace):
    """None (as fast as the core goes) or iterations per second, a finite number > 0."""
    if pace is None:
        return None
    if isinstance(pace, bool) or not isinstance(pace, numbers.Real) or not math.isfinite(pace) or pace <= 0:
        raise ValueError(f"pace must be None (full speed) or iterations per second > 0; got {pace!r}")
    return float(pace)


class Runner:
    """Advances `experiment` in chunks of ~chunk_seconds on a daemon thread.

    publish(snapshot) is called from the thread once per frame of publish_interval seconds
    when paced; when not, every unpaced_publish_interval seconds (from the start of one frame to
    the next, the training chunk cut to end on time), or less often if frames would otherwise
    take more than FRAME_SHARE of the time; and always once when the thread stops (finished,
    paused or stopped).
    on_state(state) is called on every state change; on_error(exc, traceback_text)
    when the thread dies of an exception (the state is then ERROR).
    pace (iterations per second, None = unpaced) applies live; a paced run sleeps on the
    halt event between frames, so waiting costs no CPU and a pause is still instant.
    watched() is asked between chunks and while a paced run sleeps; False pauses the run
    with pause_reason UNWATCHED (ARCHITECTURE.md: nobody watching, nothing running).
    ready() is asked before each frame but the last: False skips the frame (the page has not
    drawn the ones before), and training goes on; a paced run then asks again every READY_POLL
    seconds while it sleeps, and shows the frame as soon as the page is ready, rather than at the
    next frame's time (a page that answers late would otherwise lose every other frame).
    """

    def __init__(self, experiment, publish, on_state=None, on_error=None,
                 chunk_seconds=0.03, publish_interval=0.05, snapshot=None, pace=None,
                 unpaced_publish_interval=UNPACED_FRAME, watched=None, ready=None):
        reuse_freed_memory()  # frames' arrays from kept memory, not fresh pages (allocator.py)
        self.publish = publish
        self.on_state = on_state or (lambda state: None)
        self.on_error = on_error or (lambda exc, text: None)
        self.chunk_seconds = chunk_seconds
        self.publish_interval = publish_interval  # a paced run's frame
        # Unpaced, the page is the limit, not the eye: publish less often.
        self.unpaced_publish_interval = max(publish_interval, unpaced_publish_interval)
        self.take_snapshot = snapshot or (lambda experiment: experiment.snapshot())
        self.pace = pace
        self.watched = watched or (lambda: True)
        self.ready = ready or (lambda: True)
        self.pause_reason = None  # UNWATCHED after such a pause, None otherwise
        self.iterations_per_second = 0.0
        self._lock = threading.RLock()
        self._halt = threading.Event()
        self._thread = None
        self._closed = False
        self._load(experiment)

    # --- control, called from the kernel's main thread -------------------------------
    @property
    def state(self):
        return self._state

    @property
    def running(self):
        return self._thread is not None and self._thread.is_alive()

    @property
    def closed(self):
        return self._closed

    @property
    def pace(self):
        return self._pace

    @pace.setter
    def pace(self, value):
        self._pace = check_pace(value)

    def load(self, experiment):
        """Stop any run and train `experiment` from now on."""
        self._refuse_if_closed()
        self.stop()
        self._load(experiment)
        self._set_state(IDLE if experiment.iteration == 0 else self._rest_state())

    def run(self):
        """Start or resume; False while already running or when finished."""
        return self._start(None)

    def step(self, n=1):
        """Train exactly n iterations (fewer only if the run ends first) at full speed, then pause."""
        if isinstance(n, bool) or not isinstance(n, numbers.Integral) or n < 1:
            raise ValueError(f"step size must be a whole number >= 1; got {n!r}")
        return self._start(int(n))

    def pause(self, timeout=2.0):
        """Stop after the current chunk; returns once the thread has ended (it publishes first)."""
        return self.stop(timeout)

    def stop(self, timeout=2.0):
        """Like pause; used on close and before loading a new experiment. True if no thread is left."""
        with self._lock:  # _start assigns _thread only once started: never join an unstarted one
            thread = self._thread
            if thread is None:
                return True
            self._halt.set()
        if thread is not threading.current_thread():
            thread.join(timeout)
        return not thread.is_alive()

    def close(self, timeout=2.0):
        """Stop for good: later run/step/load calls raise RuntimeError."""
        with self._lock:
            self._closed = True
        return self.stop(timeout)

    # --- internals ---------------------------------------------------------------------
    def _refuse_if_closed(self):
        if self._closed:
            raise RuntimeError("this runner is closed (its lab was closed); create a new InitLab to train")

    def _load(self, experiment):
        self.experiment = experiment
        self.pause_reason = None
        self._chunk = 1  # iterations per chunk; calibrated by timing the first ones
        self._per_iteration = None  # seconds, from the last step
        self.iterations_per_second = 0.0
        self._state = IDLE if experiment.iteration == 0 else self._rest_state()

    def _rest_state(self):
        return DONE if self.experiment.done else PAUSED

    def _set_state(self, state):
        self._state = state
        self.on_state(state)

    def _start(self, steps):
        with self._lock:
            self._refuse_if_closed()
            if self.running or self.experiment.done:
                return False
            self._halt.clear()
            self.pause_reason = None
            thread = threading.Thread(target=self._loop, args=(self.experiment, steps),
                                      name=THREAD_NAME, daemon=True)
            # The state is announced before the thread can announce its end.
            self._set_state(RUNNING)
            thread.start()
            self._thread = thread
            return True

    def _train_chunk(self, experiment, limit, until=None):
        """Step the experiment up to `limit` iterations, for about chunk_seconds or until the
        time `until` if sooner (a frame due then); returns iterations done."""
        started = time.perf_counter()
        if until is not None and until <= started:
            until = None  # overdue (the page was not ready): a whole chunk
        deadline = started + self.chunk_seconds if until is None else min(started + self.chunk_seconds, until)
        done = 0
        while not self._halt.is_set() and done < limit:
            n = min(self._chunk, limit - done)
            if until is not None and self._per_iteration:  # end on the deadline, not a step past it
                n = min(n, max(1, int((deadline - time.perf_counter()) / self._per_iteration)))
            t0 = time.perf_counter()
            experiment.step(n)
            elapsed = time.perf_counter() - t0
            done += n
            # Aim the next step at the whole budget; grow at most 10x so a fluke can't stall a pause.
            self._per_iteration = max(elapsed / n, 1e-7)
            self._chunk = max(1, min(int(self.chunk_seconds / self._per_iteration), 10 * max(n, self._chunk)))
            if time.perf_counter() >= deadline:
                break
        return done

    def _loop(self, experiment, steps):
        frame_due = None  # when the next frame may go (None: at once)
        next_frame = None  # paced: when the next frame is meant to go
        waiting = False  # a frame is due and waits for the page
        window_start, window_iteration = time.perf_counter(), experiment.iteration
        stop_at = None if steps is None else experiment.iteration + steps
        schedule = None  # (time, iteration, pace) a paced run is timed from
        try:
            while not self._halt.is_set() and not experiment.done:
                end = experiment.num_iterations if stop_at is None else min(stop_at, experiment.num_iterations)
                if experiment.iteration >= end:
                    break
                pace = self._pace if stop_at is None else None  # Step is exact and immediate
                limit = end - experiment.iteration
                if pace is not None:
                    now = time.perf_counter()
                    if (schedule is None or schedule[2] != pace or  # new pace, or stalled too long:
                            (now - schedule[0]) * pace - (experiment.iteration - schedule[1])
                            > BEHIND_SECONDS * pace):  # no burst to catch up more than that
                        schedule = (now, experiment.iteration, pace)
                    # Up to where the schedule is at the next frame's time: frames keep a steady
                    # publish_interval whatever a frame costs (up to half of it), and a frame
                    # that ran long (a slow publish) is made up in the next, not lost.
                    now = time.perf_counter()
                    horizon = max(now + 0.5 * self.publish_interval,
                                  now + self.publish_interval if next_frame is None else next_frame)
                    due = schedule[1] + (horizon - schedule[0]) * pace
                    limit = min(limit, max(1, int(due) - experiment.iteration))
                self._train_chunk(experiment, limit, until=frame_due if pace is None and stop_at is None else None)
                if pace is not None:
                    wait = schedule[0] + (experiment.iteration - schedule[1]) / pace - time.perf_counter()
                    if wait > 0 and not self._sleep(wait, wake=self.ready if waiting else None):
                        break
                if self._unwatched():
                    break  # the final publish below shows where it stopped
                if stop_at is not None:
                    continue
                now = time.perf_counter()
                waiting = frame_due is None or now >= frame_due
                if waiting and self.ready():
                    waiting = False
                    if now - window_start >= RATE_WINDOW or not self.iterations_per_second:
                        self._measure_rate(experiment, window_start, window_iteration, now)
                        window_start, window_iteration = now, experiment.iteration
                    if self._halt.is_set():
                        break  # the final publish below shows this state
                    cpu = time.thread_time()
                    self.publish(self.take_snapshot(experiment))
                    took = time.thread_time() - cpu
                    # Paced: every frame (a frame is ~publish_interval of iterations, timed from
                    # its start). Unpaced: unpaced_publish_interval from this frame's start, longer
                    # if this frame took more than FRAME_SHARE of that.
                    frame_due = now + (0.5 * self.publish_interval if pace is not None
                                       else max(self.unpaced_publish_interval, took / FRAME_SHARE))
                    next_frame = now + self.publish_interval
                elif waiting:
                    next_frame = now + self.publish_interval  # meanwhile sleep, asking ready()
            if self.experiment is not experiment:
                return  # replaced by load() after a join timed out: the views show the new one
            # Always the final state, whether finished, paused or stopped.
            self._measure_rate(experiment, window_start, window_iteration, time.perf_counter())
            self.publish(self.take_snapshot(experiment))
        except BaseException as exc:  # noqa: B036 (SystemExit too): a thread's exceptions vanish otherwise
            text = traceback.format_exc()
            try:
                self.on_error(exc, text)  # before the state changes, so ERROR implies the message is out
            except Exception:
                sys.__stderr__.write(text + traceback.format_exc())
            self._state = ERROR
            try:
                self.on_state(ERROR)
            except Exception:  # the page is unreachable; the server log is all that is left
                sys.__stderr__.write(text + traceback.format_exc())
            return
        self._set_state(DONE if experiment.done else PAUSED)

    def _sleep(self, seconds, wake=None):
        """Wait on the halt event (no CPU; a pause wakes it at once), asking watched() every
        WATCH_POLL seconds, and wake() (if given) every READY_POLL seconds: True from it ends the
        sleep early. False if nobody is watching any more."""
        end = time.perf_counter() + seconds
        last_watch = time.perf_counter()
        while True:
            left = end - time.perf_counter()
            if left <= 0 or self._halt.wait(min(left, WATCH_POLL if wake is None else READY_POLL)):
                return True
            if wake is not None and wake():
                return True
            if time.perf_counter() - last_watch >= WATCH_POLL or wake is None:
                if self._unwatched():
                    return False
                last_watch = time.perf_counter()

    def _unwatched(self):
        if self.watched():
            return False
        self.pause_reason = UNWATCHED
        return True

    def _measure_rate(self, experiment, since, start_iteration, now):
        if now > since and experiment.iteration > start_iteration:
            self.iterations_per_second = (experiment.iteration - start_iteration) / (now - since)
