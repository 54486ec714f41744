"""Inside the network: per hidden layer, the distribution of activation magnitudes (one HeatMap
per initialization, side by side in one figure: layers down, shared log bins across) and the
gradient norm per layer.

The core bins |a| (core/layerstats.py); this view only draws. The healthy range is marked on
both: two dashed lines on every histogram, a shaded band on the gradient chart.
"""
import html
import threading

import bqplot as bq
import ipywidgets as widgets
import numpy as np

from .._widgets import close_tree
from ..palette import scheme_colors
from ...core.layerstats import HEALTHY_ACTIVATION, HEALTHY_GRADIENT

HEALTHY_COLOR = "#2ca02c"
MAX_FRACTION = 0.3  # a bin holding 30% of a layer's values or more is drawn darkest
KEY = ("<small>Each row is a hidden layer (1 at the top), each column a band of |activation| on a "
       "log scale: the leftmost column also holds exact zeros (inactive ReLU units), the rightmost "
       "everything ≥ 1e5. Darker = more of the layer's values. Between the green dashes is the healthy "
       f"range {HEALTHY_ACTIVATION[0]:g}–{HEALTHY_ACTIVATION[1]:g}: a signal drifting left row by row "
       "vanishes, drifting right it explodes.</small>")


def layer_ticks(n, most=10):
    """1, then multiples of a step: at most ~`most` labels, so 20 rows stay readable."""
    step = next(s for s in (1, 2, 5, 10, 20, 50, 100, 1000) if n / s <= most)
    return [int(t) for t in range(1, n + 1) if t == 1 or t % step == 0]


def heatmap_grid(x, y, color):
    """bqplot squeezes a HeatMap's arrays, so one row (or column) is drawn as two equal halves."""
    x, y, color = np.asarray(x, float), np.asarray(y, float), np.asarray(color, float)
    if len(y) == 1:
        y, color = np.array([y[0] - 0.25, y[0] + 0.25]), np.repeat(color, 2, axis=0)
    if len(x) == 1:
        x, color = np.array([x[0] - 0.25, x[0] + 0.25]), np.repeat(color, 2, axis=1)
    return x, y, color


class HistogramFigure:
    """All initializations' layers x bins HeatMaps side by side in one compact figure, on one x
    scale (block k starts at k * (bins + GAP), in bin units) and one layer axis. Owns its marks."""
    GAP = 3

    def __init__(self, labels, edges, layers):
        n = len(edges) - 1
        self.n, self.layers = n, layers
        self.x_scale = bq.LinearScale(min=-0.5, max=len(labels) * (n + self.GAP) - self.GAP - 0.5)
        self.y_scale = bq.LinearScale(min=0.5, max=layers + 0.5, reverse=True)
        color = bq.ColorScale(colors=["#ffffff", "#08306b"], min=0.0, max=MAX_FRACTION)
        self.y = np.arange(1, layers + 1, dtype=float)
        self.heatmaps, marks, self.x = [], [], []
        boundary = lambda value: float(np.searchsorted(edges, value)) - 0.5  # noqa: E731  bin index units
        decades = [(1e-4, "1e-4"), (1.0, "1"), (1e4, "1e4")]
        scales = {"x": self.x_scale, "y": self.y_scale}
        for k, label in enumerate(labels):
            offset = k * (n + self.GAP)
            x = offset + np.arange(n, dtype=float)
            hx, hy, c = heatmap_grid(x, self.y, np.zeros((layers, n)))
            heatmap = bq.HeatMap(x=hx, y=hy, color=c, scales={**scales, "color": color})
            lo, hi = (offset + boundary(v) for v in HEALTHY_ACTIVATION)
            band = bq.Lines(x=[[lo, lo], [hi, hi]], y=[[0.5, layers + 0.5]] * 2, colors=[HEALTHY_COLOR],
                            line_style="dashed", stroke_width=1.5, scales=scales)
            title = bq.Label(x=[offset + (n - 1) / 2], y=[0.5], y_offset=-8, text=[label], align="middle",
                             default_size=12, colors=["#333333"], apply_clip=False, scales=scales)
            ticks = bq.Label(x=[offset + boundary(v) for v, _ in decades], y=[layers + 0.5] * 3, y_offset=13,
                             text=[t for _, t in decades], align="middle", default_size=10,
                             font_weight="normal", colors=["#555555"], apply_clip=False, scales=scales)
            self.heatmaps.append(heatmap)
            self.x.append(x)
            marks += [heatmap, band, title, ticks]
        per_bin = max(4.5, min(9.0, 470 / (len(labels) * (n + self.GAP))))  # px; fits ~520px for 1-4 inits
        width = 48 + round(len(labels) * (n + self.GAP) * per_bin)
        self.figure = bq.Figure(
            marks=marks, animation_duration=0, padding_x=0.0, padding_y=0.0,
            axes=[bq.Axis(scale=self.y_scale, side="left", label="hidden layer",
                          tick_values=layer_ticks(layers), tick_format="d")],
            fig_margin={"top": 22, "bottom": 22, "left": 44, "right": 4},
            layout=widgets.Layout(width=f"{width}px", max_width="100%", height="250px"))
        self.figure.add_class("initlab-activation-histogram")

    def update(self, histograms):
        for heatmap, x, h in zip(self.heatmaps, self.x, histograms):
            with heatmap.hold_sync():
                heatmap.color = heatmap_grid(x, self.y, h)[2].astype(np.float32)  # half the bytes

    def close(self):
        close_tree(self.figure)


class GradientChart:
    """||dW|| per layer (output last), one Lines mark per initialization, log scale, healthy band.
    Each line has 1-D data: bqplot squeezes a (K, 1) array into one line."""

    def __init__(self):
        self.x_scale = bq.LinearScale(min=0.5, max=1.5)
        self.y_scale = bq.LogScale(min=HEALTHY_GRADIENT[0] / 10, max=HEALTHY_GRADIENT[1] * 10)
        self.band = bq.Lines(x=[0.5, 1.5], y=[[HEALTHY_GRADIENT[0]] * 2, [HEALTHY_GRADIENT[1]] * 2],
                             fill="between", fill_colors=[HEALTHY_COLOR], fill_opacities=[0.12],
                             colors=[HEALTHY_COLOR], opacities=[0.0, 0.0],
                             scales={"x": self.x_scale, "y": self.y_scale})
        self.x_axis = bq.Axis(scale=self.x_scale, label="layer (last = output)", tick_format="d")
        self.figure = bq.Figure(
            marks=[self.band], title="Gradient norm ‖dW‖", animation_duration=0,
            axes=[self.x_axis, bq.Axis(scale=self.y_scale, side="left",
                                       label="norm", tick_format="~g")],
            fig_margin={"top": 26, "bottom": 36, "left": 52, "right": 8},
            layout=widgets.Layout(width="360px", max_width="100%", height="215px"))
        self.figure.add_class("initlab-gradient-norm")
        self.lines = []
        self._names = None

    def update(self, norms, names):
        norms = np.asarray(norms, dtype=float)
        L = norms.shape[1]
        x = np.arange(1, L + 1, dtype=float)
        positive = norms[np.isfinite(norms) & (norms > 0)]
        lo = min(HEALTHY_GRADIENT[0] / 10, positive.min() / 3) if positive.size else HEALTHY_GRADIENT[0] / 10
        hi = max(HEALTHY_GRADIENT[1] * 10, positive.max() * 3) if positive.size else HEALTHY_GRADIENT[1] * 10
        # 0 (zeros' hidden layers) and overflow are pinned to the edges of the axis.
        shown = np.clip(np.nan_to_num(norms, nan=hi, posinf=hi, neginf=lo), lo, hi)
        if names != self._names or len(self.lines) != len(names):
            old = self.lines
            self.lines = [bq.Lines(x=x, y=row, colors=[c], marker="circle", marker_size=24, stroke_width=1.5,
                                   scales={"x": self.x_scale, "y": self.y_scale})
                          for row, c in zip(shown, scheme_colors(names))]
            self.figure.marks = [self.band, *self.lines]
            self._names = names
            for line in old:
                line.close()  # not close_tree: the scales are shared
        with self.y_scale.hold_sync():
            self.y_scale.min, self.y_scale.max = float(lo), float(hi)
        with self.x_scale.hold_sync():
            self.x_scale.min, self.x_scale.max = 0.5, L + 0.5
        self.x_axis.tick_values = layer_ticks(L)
        with self.band.hold_sync():
            self.band.x = [0.5, L + 0.5]
        for line, row in zip(self.lines, shown):
            with line.hold_sync():
                line.x, line.y = x, row


class GradientView:
    """update(snapshot) draws snapshot.gradient_norm per layer, with its legend."""

    def __init__(self):
        self._lock = threading.Lock()
        self.chart = GradientChart()
        self.legend = widgets.HTML(layout=widgets.Layout(max_width="360px"))
        self.legend.add_class("initlab-inside-legend")
        self.widget = widgets.VBox([self.chart.figure, self.legend])

    def update(self, snapshot):
        with self._lock:
            self.chart.update(snapshot.gradient_norm, snapshot.names)
            zero = [bool(np.any(np.asarray(g) == 0)) for g in snapshot.gradient_norm]
            items = [f"<span style='color:{c}'>●</span> {html.escape(label)}{' *' if z else ''}"
                     for label, c, z in zip(snapshot.labels, scheme_colors(snapshot.names), zero)]
            note = ("<br>* a gradient of exactly 0 is drawn on the bottom edge (a log axis has no 0)"
                    if any(zero) else "")
            self.legend.value = ("<small>" + "&emsp;".join(items) + f"&emsp;shaded: healthy "
                                 f"{HEALTHY_GRADIENT[0]:g}–{HEALTHY_GRADIENT[1]:g} at lr 0.01" + note + "</small>")


class InsideView:
    """update(snapshot) draws snapshot.activation_histograms: one figure, a HeatMap per
    initialization, rebuilt when the initializations or the depth change."""

    def __init__(self):
        self._lock = threading.Lock()
        self._key = None
        self.histograms = None
        self.box = widgets.HBox(layout=widgets.Layout(max_width="100%", min_width="0"))
        self.box.add_class("initlab-activation-histograms")
        self.no_hidden = widgets.HTML("<small>No hidden layer: the input goes straight to the output.</small>")
        self.widget = widgets.VBox([self.box, widgets.HTML(KEY)], layout=widgets.Layout(max_width="100%"))
        self.widget.add_class("initlab-inside")

    def update(self, snapshot):
        with self._lock:
            h = snapshot.activation_histograms
            key = (snapshot.labels, h.shape)
            if key != self._key:
                old = self.histograms
                self.histograms = (HistogramFigure(snapshot.labels, snapshot.activation_bin_edges, h.shape[1])
                                   if h.shape[1] else None)
                self.box.children = [self.histograms.figure if self.histograms else self.no_hidden]
                if old is not None:
                    old.close()
                self._key = key
            if self.histograms is not None:
                self.histograms.update(h)
