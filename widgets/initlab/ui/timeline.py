"""The timeline: a slider over the iterations trained so far and a Live button.

Dragging it asks for the run as it was at that iteration (the app recomputes it from the
core's checkpoints); a running lab pauses, so what is shown stays put. Live, or Resume,
returns to the present.
"""
import threading
from contextlib import contextmanager

import ipywidgets as widgets
from ipywidgets import CallbackDispatcher


class Timeline(widgets.HBox):
    """follow(iteration) from any thread tracks the present; on_scrub(cb(iteration)) and
    on_live(cb()) report the learner's moves. `live` is False while looking back."""

    def __init__(self):
        self.live = True
        self._scrub, self._live = CallbackDispatcher(), CallbackDispatcher()
        self._quiet = threading.local()  # set while our own code moves the slider
        self._lock = threading.RLock()
        self.slider = widgets.IntSlider(value=0, min=0, max=0, step=1, description="timeline",
                                        continuous_update=True, readout=False,
                                        tooltip="drag to see the run at an earlier iteration (a running lab pauses)",
                                        layout=widgets.Layout(width="24em"))
        self.slider.add_class("initlab-timeline")
        self.live_button = widgets.Button(description="● live", tooltip="back to the present",
                                          layout=widgets.Layout(width="6em"))
        self.live_button.add_class("initlab-timeline-live")
        # A fixed width: the longer looking-back text wraps inside it instead of moving the row.
        self.status = widgets.HTML(layout=widgets.Layout(width="20em", max_width="100%"))
        self.status.add_class("initlab-timeline-status")
        self.slider.observe(self._on_value, "value")
        self.live_button.on_click(lambda _: self.go_live(notify=True))
        super().__init__([self.slider, self.live_button, self.status],
                         layout=widgets.Layout(align_items="center", flex_flow="row wrap", margin="0 0 0 12px"))
        self._show_status()

    def on_scrub(self, callback):
        self._scrub.register_callback(callback)

    def on_live(self, callback):
        self._live.register_callback(callback)

    def follow(self, iteration):
        """The run has reached `iteration`: extend the slider, and move it there when live."""
        with self._lock, self._quietly():
            self.slider.max = max(int(iteration), 0)
            if self.live:
                self.slider.value = self.slider.max
            self._show_status()

    def go_live(self, notify=False):
        with self._lock, self._quietly():
            self.live = True
            self.slider.value = self.slider.max
            self._show_status()
        if notify:
            self._live()

    def scrub_to(self, iteration):
        """What dragging does, callable from code."""
        self.slider.value = int(iteration)

    def _on_value(self, change):
        if getattr(self._quiet, "on", False):
            return
        with self._lock:
            if change["new"] >= self.slider.max:
                self.go_live(notify=True)
                return
            self.live = False
            self._show_status()
        self._scrub(change["new"])

    @contextmanager
    def _quietly(self):
        before = getattr(self._quiet, "on", False)
        self._quiet.on = True
        try:
            yield
        finally:
            self._quiet.on = before

    def _show_status(self):
        self.live_button.disabled = self.live
        self.live_button.button_style = "" if self.live else "warning"
        self.status.value = (
            "<small>live: showing the present</small>" if self.live else
            f"<div style='line-height:1.25'><small><b>looking back at iteration {self.slider.value:,}</b>; "
            f"● live returns to {self.slider.max:,}</small></div>")
