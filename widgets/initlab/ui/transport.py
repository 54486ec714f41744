"""Run / Pause-Resume / Step / Reset buttons and the live status line."""
import threading

import ipywidgets as widgets

from .runner import DONE, ERROR, IDLE, PAUSED, RUNNING

STATE_TEXT = {IDLE: "ready", RUNNING: "running", PAUSED: "paused", DONE: "finished", ERROR: "stopped by an error"}


def _button(description, icon, css_class, tooltip):
    b = widgets.Button(description=description, icon=icon, tooltip=tooltip, layout=widgets.Layout(width="7.5em"))
    b.add_class(css_class)
    return b


class Transport(widgets.HBox):
    """set_state(state, can_start) enables the right buttons; show(iteration, ...) updates the status."""

    def __init__(self):
        self.run = _button("Run", "play", "initlab-run", "train until the iteration count is reached")
        self.pause = _button("Pause", "pause", "initlab-pause", "pause / resume training")
        self.step = _button("Step", "step-forward", "initlab-step", "train a few milliseconds' worth, then pause")
        self.reset = _button("Reset", "undo", "initlab-reset",
                             "back to iteration 0 with the same initial weights, applying changed settings")
        self.run.button_style = "success"
        self.iteration = widgets.Label("0")
        self.iteration.add_class("initlab-iteration")
        self.detail = widgets.HTML()
        self.detail.add_class("initlab-status")
        self.progress = widgets.FloatProgress(value=0.0, min=0.0, max=1.0, layout=widgets.Layout(width="12em"))
        self.progress.add_class("initlab-progress")
        self._lock = threading.Lock()
        self._status = {"iteration": 0, "num_iterations": 0, "rate": 0.0, "state": IDLE}
        super().__init__([self.run, self.pause, self.step, self.reset,
                          widgets.HTML("&nbsp;&nbsp;iteration&nbsp;"), self.iteration, self.detail,
                          self.progress], layout=widgets.Layout(align_items="center", flex_flow="row wrap"))
        self.add_class("initlab-transport")

    def set_state(self, state, can_start=True):
        """can_start: the settings are valid, so an idle experiment may start."""
        running = state == RUNNING
        startable = state in (PAUSED, ERROR) or (state == IDLE and can_start)
        self.run.disabled = running or not startable
        self.step.disabled = running or not startable
        self.pause.description, self.pause.icon = ("Resume", "play") if state == PAUSED else ("Pause", "pause")
        self.pause.disabled = state not in (RUNNING, PAUSED)
        self.show(state=state)

    def show(self, **status):
        with self._lock:
            self._status.update(status)
            s = self._status
            n, total = s["iteration"], s["num_iterations"]
            self.iteration.value = str(n)
            rate = f" · {s['rate']:,.0f} it/s" if s["state"] == RUNNING and s["rate"] > 0 else ""
            self.detail.value = f"&nbsp;of {total:,}{rate} · {STATE_TEXT[s['state']]}&nbsp;"
            self.progress.value = min(n / total, 1.0) if total else 1.0
