"""Inside the network: per-layer activation scale and gradient norm, one line per initialization.

Both span orders of magnitude across schemes (random ×10's activations are ~100x He's), so
the y-axes are logarithmic; an exact 0 (every zeros-initialized layer) is drawn on the bottom
edge and the legend says so.
"""
import html
import threading

import bqplot as bq
import ipywidgets as widgets
import numpy as np

from ..palette import scheme_colors

ZERO_NOTE = "<small>* exactly 0 somewhere: a log axis cannot show 0, so it is drawn on the bottom edge.</small>"


class LayerChart:
    """One quantity (K, L) against layer on a log scale. One Lines mark per initialization, each
    with 1-D data: bqplot squeezes a (K, 1) array into one line, so a single layer would break."""

    def __init__(self, title, y_label, css_class):
        self.x_scale = bq.OrdinalScale()
        self.y_scale = bq.LogScale(min=1e-3, max=1.0)
        self.lines = []
        self._names = None
        self.figure = bq.Figure(
            marks=[], title=title, animation_duration=0,
            axes=[bq.Axis(scale=self.x_scale, label="layer"),
                  bq.Axis(scale=self.y_scale, side="left", label=y_label, tick_format="~g")],
            fig_margin={"top": 40, "bottom": 45, "left": 65, "right": 20},
            layout=widgets.Layout(width="400px", height="280px"))
        self.figure.add_class(css_class)

    def update(self, values, names, labels):
        """Returns, per initialization, whether some value was 0 (drawn on the bottom edge)."""
        values = np.asarray(values, dtype=float)
        layers = np.array([f"layer {l}" for l in range(1, values.shape[1])] + ["output"])
        positive = values[np.isfinite(values) & (values > 0)]
        lo, hi = (positive.min() / 3, positive.max() * 3) if positive.size else (1e-3, 1.0)
        shown = np.clip(np.nan_to_num(values, nan=hi, posinf=hi, neginf=lo), lo, hi)
        if names != self._names or len(self.lines) != len(names):
            self._rebuild(names, layers, shown)
        with self.y_scale.hold_sync():
            self.y_scale.min, self.y_scale.max = float(lo), float(hi)
        with self.x_scale.hold_sync():
            self.x_scale.domain = layers.tolist()
        for line, row, label in zip(self.lines, shown, labels):
            with line.hold_sync():
                line.x = layers
                line.y = row
                line.labels = [label]
        return [bool(np.any(row <= 0)) for row in values]

    def _rebuild(self, names, layers, shown):
        old = self.lines
        self.lines = [bq.Lines(x=layers, y=row, colors=[color], marker="circle", marker_size=40,
                               stroke_width=1.5, scales={"x": self.x_scale, "y": self.y_scale})
                      for row, color in zip(shown, scheme_colors(names))]
        self.figure.marks = self.lines
        self._names = names
        for line in old:
            line.close()  # not close_tree: the scales are shared with the new lines


class InsideView:
    """update(snapshot) draws the core's activation_std and gradient_norm per layer.
    One HTML legend serves both charts (a bqplot legend would cover the points)."""

    def __init__(self):
        self._lock = threading.Lock()
        self.activations = LayerChart("Activation scale (std of A per layer)", "std", "initlab-activation-std")
        self.gradients = LayerChart("Gradient norm ‖dW‖ per layer", "norm", "initlab-gradient-norm")
        self.legend = widgets.HTML()
        self.legend.add_class("initlab-inside-legend")
        self.widget = widgets.VBox([
            self.legend,
            widgets.HBox([self.activations.figure, self.gradients.figure], layout=widgets.Layout(flex_flow="row wrap"))])
        self.widget.add_class("initlab-inside")

    def update(self, snapshot):
        with self._lock:
            zero = np.logical_or(
                self.activations.update(snapshot.activation_std, snapshot.names, snapshot.labels),
                self.gradients.update(snapshot.gradient_norm, snapshot.names, snapshot.labels))
            items = [f"<span style='color:{color}'>●</span> {html.escape(label)}{' *' if z else ''}"
                     for label, color, z in zip(snapshot.labels, scheme_colors(snapshot.names), zero)]
            self.legend.value = "&emsp;".join(items) + ("<br>" + ZERO_NOTE if any(zero) else "")
