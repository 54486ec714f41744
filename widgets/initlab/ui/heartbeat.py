"""What the page tells the kernel: is anybody watching, and has it drawn the last frame?

A hidden anywidget in the page
- ticks once a second. A closed tab stops ticking, and the runner pauses its training rather
  than stream into a server that buffers every message for the page that is gone (ARCHITECTURE.md:
  nobody watching, nothing running);
- answers each frame the kernel sends with the frame's number, once the browser has painted
  it. The runner sends a new frame only when the page has answered for all but the last
  one, so a slow page (twenty learners' tabs sharing two cores) gets fewer frames instead of
  a backlog that delays everything it sends, its ticks included, and fills the server's
  buffers.

Browsers throttle timers in background tabs: to once a second (harmless here) and, after about
five hidden minutes, to once a minute. So a long-hidden tab pauses too, with the reason shown;
Run resumes it. A hidden tab paints nothing, so it answers no frames: it gets one every
FRAME_WAIT seconds.
"""
import threading
import time

import anywidget
import traitlets

TICK_MS = 1000
TIMEOUT = 25.0  # seconds without word from the page: the training pauses within 30 s of it going away;
# 15 s paused 6 of 20 pages sharing 2 cores with the server (benchmarks/load.py), whose browser stalled
IN_FLIGHT = 2  # frames sent and not yet painted, at most: one drawing, one on the way
FRAME_WAIT = 2.0  # seconds a frame waits for the page's answer before the next goes anyway
REASON = ("Paused: this page stopped answering for {:.0f} s (closed, or long in a background "
          "tab), so training stopped to spare the server. Press Run to go on.")

ESM = r"""
function render({ model, el }) {
  el.style.display = 'none';
  let ticks = model.get('tick');
  const timer = setInterval(() => { model.set('tick', ++ticks); model.save_changes(); },
                            model.get('interval'));
  // Answer once the frame's updates are in and the browser could paint: a page too busy
  // to paint answers late, and so is sent less.
  let queued = false;
  const answer = () => {
    if (queued) return;
    queued = true;
    requestAnimationFrame(() => {
      queued = false;
      model.set('shown', model.get('frame'));
      model.save_changes();
    });
  };
  model.on('change:frame', answer);
  answer();
  return () => { clearInterval(timer); model.off('change:frame', answer); };
}
export default { render };
"""


class PagePulse(anywidget.AnyWidget):
    _esm = traitlets.Unicode(ESM).tag(sync=True)
    interval = traitlets.Int(TICK_MS).tag(sync=True)  # ms between ticks
    tick = traitlets.Int(0).tag(sync=True)  # page -> kernel, once an interval
    frame = traitlets.Int(0).tag(sync=True)  # kernel -> page: the last frame sent
    shown = traitlets.Int(0).tag(sync=True)  # page -> kernel: the last frame painted


class Heartbeat:
    """`widget` goes in the page (hidden); `watched()` is the runner's check between chunks,
    `ready()` its check before a frame, and `sent()` counts a frame once the views are updated.

    Until the page has said anything nothing is known: watched() and ready() are True, so a
    lab driven from Python with no page (tests, scripts) trains and publishes as before.
    Once the page has spoken, start() (on Run or Step) counts as word from it, so a page that
    was silent a while gets time to tick again.
    """

    def __init__(self, timeout=TIMEOUT, clock=time.monotonic):
        self.timeout = timeout
        self.clock = clock
        self.last_beat = None
        self._answered = False  # has the page ever answered a frame?
        self._frame_sent_at = None
        self._lock = threading.Lock()  # sent() runs on the runner's thread
        self.widget = PagePulse()
        self.widget.add_class("initlab-heartbeat")
        self.widget.observe(lambda change: self.beat(), names="tick")
        self.widget.observe(self._on_shown, names="shown")

    def beat(self):
        self.last_beat = self.clock()

    def _on_shown(self, change):
        self._answered = True
        self.beat()

    def start(self):
        if self.last_beat is not None:
            self.beat()

    def silence(self):
        """Seconds since the page last said anything, or None before it first did."""
        return None if self.last_beat is None else self.clock() - self.last_beat

    def watched(self):
        silence = self.silence()
        return silence is None or silence < self.timeout

    def ready(self):
        """May the next frame go? Yes while the page has painted all but IN_FLIGHT - 1 of
        those sent, or the last one has waited FRAME_WAIT seconds (a hidden tab, a lost answer)."""
        if not self._answered:
            return True
        with self._lock:
            if self.widget.frame - self.widget.shown < IN_FLIGHT:
                return True
            return self._frame_sent_at is None or self.clock() - self._frame_sent_at >= FRAME_WAIT

    def sent(self):
        """One more frame is on its way to the page (its updates were sent before this)."""
        with self._lock:
            self._frame_sent_at = self.clock()
            self.widget.frame += 1

    def reason(self):
        return REASON.format(self.timeout)
