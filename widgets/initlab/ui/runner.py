"""The one background thread that trains an Experiment (DESIGN rule 3). No widget code here:
views are reached only through the `publish` callback, so this is testable on its own."""
import sys
import threading
import time
import traceback

IDLE, RUNNING, PAUSED, DONE, ERROR = "idle", "running", "paused", "done", "error"
THREAD_NAME = "initlab-runner"


class Runner:
    """Advances `experiment` in chunks of ~chunk_seconds on a daemon thread.

    publish(snapshot) is called from the thread at most every publish_interval seconds
    and always once when the thread stops (finished, paused or stopped).
    on_state(state) is called on every state change; on_error(exc, traceback_text)
    when the thread dies of an exception (the state is then ERROR).
    """

    def __init__(self, experiment, publish, on_state=None, on_error=None,
                 chunk_seconds=0.03, publish_interval=0.1, snapshot=None):
        self.publish = publish
        self.on_state = on_state or (lambda state: None)
        self.on_error = on_error or (lambda exc, text: None)
        self.chunk_seconds = chunk_seconds
        self.publish_interval = publish_interval
        self.take_snapshot = snapshot or (lambda experiment: experiment.snapshot())
        self.iterations_per_second = 0.0
        self._lock = threading.Lock()
        self._halt = threading.Event()
        self._thread = None
        self._load(experiment)

    # --- control, called from the kernel's main thread -------------------------------
    @property
    def state(self):
        return self._state

    @property
    def running(self):
        return self._thread is not None and self._thread.is_alive()

    def load(self, experiment):
        """Stop any run and train `experiment` from now on."""
        self.stop()
        self._load(experiment)
        self._set_state(IDLE if experiment.iteration == 0 else self._rest_state())

    def run(self):
        """Start or resume; does nothing while already running or when finished."""
        return self._start(single_chunk=False)

    def step(self):
        """Train one chunk (about chunk_seconds of work), then pause."""
        return self._start(single_chunk=True)

    def pause(self, timeout=2.0):
        """Stop after the current chunk; returns once the thread has ended (it publishes first)."""
        return self.stop(timeout)

    def stop(self, timeout=2.0):
        """Like pause; used on close and before loading a new experiment. True if no thread is left."""
        thread = self._thread
        if thread is None:
            return True
        self._halt.set()
        if thread is not threading.current_thread():
            thread.join(timeout)
        return not thread.is_alive()

    # --- internals ---------------------------------------------------------------------
    def _load(self, experiment):
        self.experiment = experiment
        self._chunk = 1  # iterations per chunk; calibrated by timing the first ones
        self.iterations_per_second = 0.0
        self._state = IDLE if experiment.iteration == 0 else self._rest_state()

    def _rest_state(self):
        return DONE if self.experiment.done else PAUSED

    def _set_state(self, state):
        self._state = state
        self.on_state(state)

    def _start(self, single_chunk):
        with self._lock:
            if self.running or self.experiment.done:
                return False
            self._halt.clear()
            self._thread = threading.Thread(target=self._loop, args=(self.experiment, single_chunk),
                                            name=THREAD_NAME, daemon=True)
            # The state is announced before the thread can announce its end.
            self._set_state(RUNNING)
            self._thread.start()
            return True

    def _train_chunk(self, experiment):
        """Step the experiment for about chunk_seconds; returns iterations done."""
        started = time.perf_counter()
        done = 0
        while not self._halt.is_set() and not experiment.done:
            n = min(self._chunk, experiment.remaining)
            t0 = time.perf_counter()
            experiment.step(n)
            elapsed = time.perf_counter() - t0
            done += n
            # Aim the next step at the whole budget; grow at most 10x so a fluke can't stall a pause.
            per_iteration = max(elapsed / n, 1e-7)
            self._chunk = max(1, min(int(self.chunk_seconds / per_iteration), 10 * n))
            if time.perf_counter() - started >= self.chunk_seconds:
                break
        return done

    def _loop(self, experiment, single_chunk):
        last_publish = None
        window_start, window_iteration = time.perf_counter(), experiment.iteration
        try:
            while not self._halt.is_set() and not experiment.done:
                self._train_chunk(experiment)
                if single_chunk:
                    break
                now = time.perf_counter()
                if last_publish is None or now - last_publish >= self.publish_interval:
                    self._measure_rate(experiment, window_start, window_iteration, now)
                    window_start, window_iteration = now, experiment.iteration
                    self.publish(self.take_snapshot(experiment))
                    last_publish = time.perf_counter()
            if self.experiment is not experiment:
                return  # replaced by load() after a join timed out: the views show the new one
            # Always the final state, whether finished, paused or stopped.
            self._measure_rate(experiment, window_start, window_iteration, time.perf_counter())
            self.publish(self.take_snapshot(experiment))
        except Exception as exc:  # shown in the page by on_error: a thread's exceptions vanish otherwise
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

    def _measure_rate(self, experiment, since, start_iteration, now):
        if now > since and experiment.iteration > start_iteration:
            self.iterations_per_second = (experiment.iteration - start_iteration) / (now - since)
