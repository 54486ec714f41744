"""Run / Pause-Resume / Step ×N / Reset, the pace control and the live status line."""
import threading

import ipywidgets as widgets

from .runner import DONE, ERROR, IDLE, PAUSED, RUNNING, check_pace

STATE_TEXT = {IDLE: "ready", RUNNING: "running", PAUSED: "paused", DONE: "finished", ERROR: "stopped by an error"}
STEP_SIZES = (1, 10, 100, 1000)
FULL_SPEED = 0  # the pace slider's value for "as fast as the core goes"
PACES = (50, 100, 250, 500, 750, 1000, 2500, 5000, 10_000, 25_000)
DASHBOARD_PACE = 750  # the lesson's 15,000 iterations in 20 s


def _button(description, icon, css_class, tooltip):
    b = widgets.Button(description=description, icon=icon, tooltip=tooltip, layout=widgets.Layout(width="7.5em"))
    b.add_class(css_class)
    return b


def _pace_options(pace):
    paces = sorted(set(PACES) | ({int(pace)} if pace else set()))
    return [(f"{p:,} it/s", p) for p in paces] + [("full speed", FULL_SPEED)]


class Transport(widgets.VBox):
    """set_state(state, ...) enables the right buttons; show(iteration, ...) updates the status.
    pace (iterations per second or None) and step_size are the learner's live choices."""

    def __init__(self, pace=None, beside_status=()):
        """beside_status: widgets placed after the progress bar (the lab's timeline), so the
        transport and the timeline take two rows, not three."""
        pace = check_pace(pace)
        self.run = _button("Run", "play", "initlab-run", "train until the iteration count is reached")
        self.pause = _button("Pause", "pause", "initlab-pause", "pause / resume training")
        self.step = _button("Step", "step-forward", "initlab-step", "train exactly the chosen number of "
                            "iterations at full speed, then pause")
        self.step_size = widgets.Dropdown(options=[(f"×{n:,}", n) for n in STEP_SIZES], value=100,
                                          description="step", tooltip="iterations per Step",
                                          style={"description_width": "initial"},
                                          layout=widgets.Layout(width="9em"))
        self.step_size.add_class("initlab-step-size")
        self.reset = _button("Reset", "undo", "initlab-reset",
                             "back to iteration 0 with the same initial weights, applying changed settings")
        self.run.button_style = "success"
        self.pace = widgets.SelectionSlider(options=_pace_options(pace),
                                            value=FULL_SPEED if pace is None else int(pace),
                                            description="pace", continuous_update=True,
                                            tooltip="iterations per second while running (applies live)",
                                            layout=widgets.Layout(width="20em"))
        self.pace.add_class("initlab-pace")
        self.iteration = widgets.Label("0")
        self.iteration.add_class("initlab-iteration")
        self.detail = widgets.HTML()
        self.detail.add_class("initlab-status")
        self.progress = widgets.FloatProgress(value=0.0, min=0.0, max=1.0, layout=widgets.Layout(width="9em"))
        self.progress.add_class("initlab-progress")
        self._lock = threading.Lock()
        self._status = {"iteration": 0, "num_iterations": 0, "rate": 0.0, "state": IDLE, "note": ""}
        row = dict(layout=widgets.Layout(align_items="center", flex_flow="row wrap"))
        super().__init__([
            widgets.HBox([self.run, self.pause, self.step, self.step_size, self.reset, self.pace], **row),
            widgets.HBox([widgets.HTML("iteration&nbsp;"), self.iteration, self.detail, self.progress,
                          *beside_status], **row),
        ])
        self.add_class("initlab-transport")

    @property
    def pace_value(self):
        """The chosen pace in iterations per second, None for full speed."""
        return None if self.pace.value == FULL_SPEED else self.pace.value

    def set_state(self, state, can_start=True, more=None, why_not=""):
        """can_start: the settings are valid, so an idle experiment may start. When DONE, `more`
        is how many iterations Run continues for (None: it cannot, and why_not says why)."""
        running = state == RUNNING
        startable = state in (PAUSED, ERROR) or (state == IDLE and can_start)
        if state == DONE:
            self.run.description = "Continue" if more else "Run"
            self.run.tooltip = (f"train {more:,} more iterations from here" if more else why_not)
            self.run.disabled = not more
        else:
            self.run.description, self.run.tooltip = "Run", "train until the iteration count is reached"
            self.run.disabled = running or not startable
        self.step.disabled = running or not startable
        self.pause.description, self.pause.icon = ("Resume", "play") if state == PAUSED else ("Pause", "pause")
        self.pause.disabled = state not in (RUNNING, PAUSED)
        note = ""
        if state == DONE:
            note = f" · Continue: {more:,} more" if more else (f" · {why_not}" if why_not else "")
        self.show(state=state, note=note)

    def show(self, **status):
        with self._lock:
            self._status.update(status)
            s = self._status
            n, total = s["iteration"], s["num_iterations"]
            self.iteration.value = str(n)
            rate = f" · {s['rate']:,.0f} it/s" if s["state"] == RUNNING and s["rate"] > 0 else ""
            self.detail.value = f"&nbsp;of {total:,}{rate} · {STATE_TEXT[s['state']]}{s['note']}&nbsp;"
            self.progress.value = min(n / total, 1.0) if total else 1.0
