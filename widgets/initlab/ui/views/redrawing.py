"""A view that keeps the last snapshot, so a local control (log scale, layer choice, cost
shown) can redraw it without a new frame."""
import threading


class Redrawing:
    """Subclasses define _draw(), which reads self._snapshot; update() and _redraw() call it
    under one lock (frames come from the runner's thread, controls from the kernel's)."""

    def __init__(self):
        self._lock = threading.RLock()
        self._snapshot = None

    def update(self, snapshot):
        with self._lock:
            self._snapshot = snapshot
            self._draw()

    def _redraw(self):
        with self._lock:
            if self._snapshot is not None:
                self._draw()

    def _draw(self):
        raise NotImplementedError
