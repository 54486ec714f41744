"""Is anybody watching? A hidden ipywidgets Play ticks once a second in the page; the kernel
records each tick. A closed tab stops ticking, and the runner pauses its training rather than
stream into a server that buffers every message for the page that is gone (DESIGN rule 8).

Browsers throttle timers in background tabs: to once a second (harmless here) and, after about
five hidden minutes, to once a minute. So a long-hidden tab pauses too, with the reason shown;
Run resumes it.
"""
import time

import ipywidgets as widgets

TICK_MS = 1000
TIMEOUT = 15.0  # seconds without a tick: the training pauses within 30 s of the page going away
REASON = ("Paused: this page stopped answering for {:.0f} s (closed, or long in a background "
          "tab), so training stopped to spare the server. Press Run to go on.")


class Heartbeat:
    """`widget` goes in the page (hidden); `watched()` is the runner's check between chunks.

    Until the first tick arrives nothing is known, and watched() is True: a lab driven from
    Python with no page (tests, scripts) trains as before. Once ticks have come, start() (on
    Run or Step) counts as one, so a page whose timer was stopped gets time to restart it.
    """

    def __init__(self, timeout=TIMEOUT, clock=time.monotonic):
        self.timeout = timeout
        self.clock = clock
        self.last_beat = None
        # Only value changes matter; repeat keeps the page's timer going for ever.
        self.widget = widgets.Play(value=0, min=0, max=1000, step=1, interval=TICK_MS,
                                   repeat=True, show_repeat=False,
                                   layout=widgets.Layout(display="none"))
        self.widget.add_class("initlab-heartbeat")
        self.widget.observe(lambda change: self.beat(), names="value")

    def beat(self):
        self.last_beat = self.clock()

    def start(self):
        """(Re)start the page's timer: the Play view only starts on a change of `playing` to
        True, so toggle it (a page opened before may have stopped, or never started)."""
        if self.last_beat is not None:
            self.beat()
        self.widget.playing = False
        self.widget.playing = True

    def silence(self):
        """Seconds since the last tick, or None before the first one."""
        return None if self.last_beat is None else self.clock() - self.last_beat

    def watched(self):
        silence = self.silence()
        return silence is None or silence < self.timeout

    def reason(self):
        return REASON.format(self.timeout)
