"""Helpers the widget and runner tests share."""
import threading
import time

from initlab.ui.runner import THREAD_NAME

LONG = 10**6  # iterations for runs that a test pauses or stops itself


def runner_threads():
    return [t for t in threading.enumerate() if t.name == THREAD_NAME and t.is_alive()]


def wait_for(condition, timeout=20.0):
    """Poll until condition() holds; fail after timeout seconds (only a failing test waits that long)."""
    end = time.perf_counter() + timeout
    while not condition():
        if time.perf_counter() > end:
            raise AssertionError("timed out waiting")
        time.sleep(0.002)
