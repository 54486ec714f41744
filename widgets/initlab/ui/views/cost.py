"""Cost against iteration: one line per initialization, linear or log scale."""
import math

import bqplot as bq
import ipywidgets as widgets
import numpy as np

from ..palette import LEGEND_STYLE, scheme_colors
from .redrawing import Redrawing

LOG_FLOOR = 1e-12  # a cost that rounds to 0 is drawn here on the log scale
NOTE_SUBSTITUTED = "* where the lesson's cost is ∞ (log 0: the sigmoid saturates), the line shows the finite stable cost."
NOTE_DIVERGED = "† diverged: the cost stopped being a finite number; the line is clipped at the top of the chart."
MAX_TICKS = 6


def log_ticks(lo, hi, most=MAX_TICKS):
    """Labelled ticks of a log axis from lo to hi: powers of ten, or 1-2-5 steps when the range is
    narrower than two decades; every other one until at most `most` remain."""
    first, last = math.floor(math.log10(lo)), math.ceil(math.log10(hi))
    ticks = [10.0 ** e for e in range(first, last + 1) if lo <= 10.0 ** e <= hi]
    if len(ticks) < 2:
        ticks = [m * 10.0 ** e for e in range(first, last + 1) for m in (1, 2, 5) if lo <= m * 10.0 ** e <= hi]
    while len(ticks) > most:
        ticks = ticks[::2]
    return [float(f"{t:.3g}") for t in ticks]


class CostView(Redrawing):
    """update(snapshot) redraws; set_cost("lesson"|"stable") and the log checkbox redraw the last one.
    set_marker(snapshot) marks that snapshot's iteration and costs on the curves (None removes it).

    bqplot cannot draw inf, so where the lesson's cost is inf (a saturated sigmoid, e.g. the
    random ×10 run's first cost) the line shows the stable cost and the legend says so.
    """

    def __init__(self, cost="lesson"):
        super().__init__()
        self.cost = cost
        self._marker = None
        self.x_scale = bq.LinearScale(min=0.0, max=1.0, allow_padding=False)
        self.linear_scale = bq.LinearScale(min=0.0, max=1.0)
        self.log_scale = bq.LogScale(min=0.1, max=1.0)
        # Never empty arrays (later updates can break): hidden until two costs are recorded.
        self.lines = bq.Lines(x=np.array([0.0, 1.0]), y=np.array([[1.0, 1.0]]), visible=False,
                              scales={"x": self.x_scale, "y": self.log_scale},
                              display_legend=False, stroke_width=2.0)  # a hidden mark still draws its legend
        # The timeline's position: a dashed rule and each model's cost there.
        self.rule = bq.Lines(x=np.array([0.0, 0.0]), y=np.array([0.1, 1.0]), visible=False, colors=["#444"],
                             line_style="dashed", stroke_width=1.5, scales={"x": self.x_scale, "y": self.log_scale})
        self.dots = bq.Scatter(x=np.array([0.0]), y=np.array([1.0]), visible=False, default_size=48,
                               stroke="black", scales={"x": self.x_scale, "y": self.log_scale})
        self.x_axis = bq.Axis(scale=self.x_scale, label="iteration", tick_format="~s",
                              num_ticks=6)  # d3 alone crowds eleven labels into the narrow figure
        self._ticks = log_ticks(0.1, 1.0)
        self.y_axis = bq.Axis(scale=self.log_scale, side="left", label="cost",
                              tick_format="~g", tick_values=self._ticks, num_ticks=MAX_TICKS)
        self.figure = bq.Figure(marks=[self.lines, self.rule, self.dots], axes=[self.x_axis, self.y_axis], title="Cost",
                                legend_location="top-right", animation_duration=0,
                                fig_margin={"top": 40, "bottom": 45, "left": 60, "right": 20},
                                legend_style=LEGEND_STYLE,
                                layout=widgets.Layout(width="460px", max_width="100%", height="320px"))
        self.figure.add_class("initlab-cost")
        # Log by default: random ×10 starts near 10^3 while He starts below 1.
        self.log = widgets.Checkbox(value=True, description="log scale", indent=False,
                                    layout=widgets.Layout(width="auto"))
        self.log.add_class("initlab-log-scale")
        self.log.observe(lambda _: self._redraw(), "value")
        self.note = widgets.HTML()
        self.note.add_class("initlab-cost-note")
        self.widget = widgets.VBox([self.figure, self.log, self.note], layout=widgets.Layout(flex="0 1 470px", min_width="0"))

    def set_marker(self, snapshot):
        with self._lock:
            self._marker = snapshot
            self._redraw()

    def set_cost(self, cost):
        self.cost = cost
        self._redraw()

    def _draw(self):
        s = self._snapshot
        y_scale = self.log_scale if self.log.value else self.linear_scale
        costs, substituted = self._display_costs(s)
        clipped = list((~np.isfinite(costs)).any(axis=1))
        # Marks, explained below the figure: a long legend entry runs off the narrow figure.
        labels = [label + (" *" if sub else "") + (" †" if clip else "")
                  for label, sub, clip in zip(s.labels, substituted, clipped)]
        notes = ([NOTE_SUBSTITUTED] if any(substituted) else []) + ([NOTE_DIVERGED] if any(clipped) else [])
        self.note.value = (f"<div style='line-height:1.3'><small>{'<br>'.join(notes)}</small></div>"
                           if notes else "")
        with self.x_scale.hold_sync():
            self.x_scale.min, self.x_scale.max = 0.0, float(max(s.num_iterations, 1))
        if self.y_axis.scale is not y_scale:
            self.y_axis.scale = y_scale
            self._set_ticks(y_scale.min, y_scale.max)
        if costs.shape[1] < 2:  # one point draws no line, and bqplot would squeeze (K, 1) into one line
            with self.lines.hold_sync():
                self.lines.scales = {"x": self.x_scale, "y": y_scale}
                self.lines.labels = labels
                self.lines.visible = self.lines.display_legend = False
            self.rule.visible = self.dots.visible = False
            return
        lo, hi = self._bounds(costs)
        with y_scale.hold_sync():
            y_scale.min, y_scale.max = lo, hi
        self._set_ticks(lo, hi)
        self._draw_marker(y_scale, lo, hi)
        with self.lines.hold_sync():
            if self.lines.scales["y"] is not y_scale:
                self.lines.scales = {"x": self.x_scale, "y": y_scale}
            # float32 halves what every publish sends; 7 digits are plenty for a 460 px plot.
            self.lines.x = s.cost_iterations.astype(np.float32)
            self.lines.y = np.clip(np.nan_to_num(costs, nan=hi, posinf=hi, neginf=lo), lo, hi).astype(np.float32)
            self.lines.colors = scheme_colors(s.names)
            self.lines.labels = labels
            self.lines.visible = self.lines.display_legend = True

    def _set_ticks(self, lo, hi):
        ticks = log_ticks(lo, hi) if self.log.value else None  # d3 labels each 1-9 of every decade
        if ticks != self._ticks:
            self._ticks = self.y_axis.tick_values = ticks

    def _draw_marker(self, y_scale, lo, hi):
        m = self._marker
        if m is None:
            self.rule.visible = self.dots.visible = False
            return
        now = self._display_costs(m, current=True)[0]
        i = float(m.iteration)
        for mark in (self.rule, self.dots):
            if mark.scales["y"] is not y_scale:
                mark.scales = {"x": self.x_scale, "y": y_scale}
        with self.rule.hold_sync():
            self.rule.x, self.rule.y = np.array([i, i]), np.array([lo, hi])
            self.rule.visible = True
        with self.dots.hold_sync():
            self.dots.x = np.full(len(now), i)
            self.dots.y = np.clip(np.nan_to_num(now, nan=hi, posinf=hi, neginf=lo), lo, hi)
            self.dots.colors = scheme_colors(m.names)
            self.dots.visible = True

    def _display_costs(self, s, current=False):
        """(K, T) finite costs for drawing, and per model whether a stable cost stood in for inf."""
        lesson, stable = (s.lesson_cost, s.stable_cost) if current else (s.lesson_costs, s.stable_costs)
        if self.cost == "stable":
            costs = np.asarray(stable, dtype=float)
            substituted = [False] * len(s.names)
        else:
            bad = ~np.isfinite(lesson)
            costs = np.where(bad, stable, lesson).astype(float)
            substituted = list(np.atleast_2d(bad & np.isfinite(stable)).any(axis=-1))
        return costs, substituted

    def _bounds(self, costs):
        """Explicit y-range from the finite data (a constant series, e.g. zeros' ln 2, gets a margin)."""
        finite = costs[np.isfinite(costs)]
        if self.log.value:
            finite = np.maximum(finite, LOG_FLOOR)
            if finite.size == 0:
                return 0.1, 1.0
            lo, hi = finite.min(), finite.max()
            return float(lo / 1.5), float(hi * 1.5)
        if finite.size == 0:
            return 0.0, 1.0
        lo, hi = float(finite.min()), float(finite.max())
        pad = 0.05 * (hi - lo) if hi > lo else 0.05 * max(abs(hi), 1.0)
        return max(lo - pad, 0.0) if lo >= 0 else lo - pad, hi + pad
