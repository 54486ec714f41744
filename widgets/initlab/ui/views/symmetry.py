"""Symmetry made visible: per hidden layer, how many different units each initialization has,
and one layer's weight matrix per initialization, rows = units (identical rows = identical units).

The core counts (Snapshot.distinct_units) and copies the weights (Snapshot.weights); this view
only draws.
"""
import html

import bqplot as bq
import ipywidgets as widgets
import numpy as np

from .._widgets import close_tree
from ..palette import scheme_colors
from .inside import heatmap_grid, layer_ticks
from .redrawing import Redrawing

WEIGHT_COLORS = ["#2166ac", "#f7f7f7", "#b2182b"]  # negative, 0, positive
KEY = ("<small>Bars: distinct units per hidden layer (a unit is its incoming weights and bias; two units "
       "with the same ones compute the same thing and get the same gradient, so they stay the same). "
       "Grey ticks: units in the layer. Below: the chosen layer's weight matrix W, one row per unit, "
       "blue negative, red positive, each scaled to its own largest |w|.</small>")


class WeightPanel:
    """One initialization's W[layer] as a HeatMap; owns its marks."""

    def __init__(self, label, shape):
        rows, cols = shape
        self.x_scale = bq.LinearScale(min=0.5, max=cols + 0.5)
        self.y_scale = bq.LinearScale(min=0.5, max=rows + 0.5, reverse=True)
        self.color_scale = bq.ColorScale(colors=WEIGHT_COLORS, min=-1.0, max=1.0, mid=0.0)
        self.x, self.y = np.arange(1, cols + 1, dtype=float), np.arange(1, rows + 1, dtype=float)
        hx, hy, color = heatmap_grid(self.x, self.y, np.zeros(shape))
        self.heatmap = bq.HeatMap(x=hx, y=hy, color=color,
                                  scales={"x": self.x_scale, "y": self.y_scale, "color": self.color_scale})
        axes = [bq.Axis(scale=self.x_scale, label="input unit", tick_values=layer_ticks(cols, 4), tick_format="d"),
                bq.Axis(scale=self.y_scale, side="left", label="unit",
                        tick_values=layer_ticks(rows, 5), tick_format="d")]
        self.figure = bq.Figure(marks=[self.heatmap], axes=axes, title=label, animation_duration=0,
                                padding_x=0.0, padding_y=0.0,
                                # room for the title above the top tick, and the axis label
                                title_style={"font-size": "13px"},
                                fig_margin={"top": 32, "bottom": 34, "left": 40, "right": 6},
                                layout=widgets.Layout(width="124px", height="158px"))
        self.figure.add_class("initlab-weight-matrix")

    def update(self, W):
        W = np.nan_to_num(np.asarray(W, dtype=float), nan=0.0, posinf=0.0, neginf=0.0)
        top = float(np.abs(W).max())
        with self.heatmap.hold_sync():
            # float32 halves the bytes per publish (a 64x64 layer: 16 kB, not 32 kB); plenty for a colour.
            self.heatmap.color = heatmap_grid(self.x, self.y, W / top if top > 0 else W)[2].astype(np.float32)

    def close(self):
        close_tree(self.figure)


class SymmetryView(Redrawing):
    """update(snapshot) draws distinct_units as grouped bars and the chosen layer's weights."""

    def __init__(self):
        super().__init__()
        self._key = None
        self.panels = []
        self.x_scale = bq.OrdinalScale()
        self.y_scale = bq.LinearScale(min=0.0, max=1.0)
        self.bars = bq.Bars(x=np.array([1]), y=np.array([[0.0]]), type="grouped", padding=0.2,
                            scales={"x": self.x_scale, "y": self.y_scale})
        self.units = bq.Scatter(x=np.array([1]), y=np.array([1.0]), marker="rectangle", default_size=60,
                                colors=["#888888"], scales={"x": self.x_scale, "y": self.y_scale})
        self.figure = bq.Figure(
            marks=[self.bars, self.units], title="Distinct units", animation_duration=0,
            axes=[bq.Axis(scale=self.x_scale, label="hidden layer"),
                  bq.Axis(scale=self.y_scale, side="left", label="distinct units",
                          tick_format="d")],
            title_style={"font-size": "14px"},
            fig_margin={"top": 36, "bottom": 36, "left": 52, "right": 8},  # the title clears the top tick
            layout=widgets.Layout(width="220px", height="215px"))
        self.figure.add_class("initlab-distinct-units")
        self.counts = widgets.HTML()
        self.counts.add_class("initlab-distinct-counts")
        self.layer = widgets.Dropdown(description="weights of", options=[("layer 1", 1)], value=1,
                                      style={"description_width": "initial"}, layout=widgets.Layout(width="11em"))
        self.layer.add_class("initlab-weight-layer")
        self._choosing = False  # the view itself is changing the layer choice
        self._user_layer = False  # the learner picked a layer: keep it while it exists
        self.layer.observe(self._on_layer, "value")
        self.box = widgets.HBox(layout=widgets.Layout(flex_flow="row wrap", width="262px", max_width="100%"))
        self.widget = widgets.VBox([
            widgets.HBox([self.figure, widgets.VBox([self.layer, self.box])],
                         layout=widgets.Layout(flex_flow="row wrap")),  # stacks on a narrow page
            self.counts, widgets.HTML(KEY)])
        self.widget.add_class("initlab-symmetry")

    def _on_layer(self, _):
        if not self._choosing:
            self._user_layer = True
            self._redraw()

    def _draw(self):
        s = self._snapshot
        distinct = np.asarray(s.distinct_units)
        hidden = distinct.shape[1]
        units = [W.shape[1] for W in s.weights[:hidden]]
        if hidden == 0:
            self.counts.value = "<small>No hidden layer: nothing can be symmetric.</small>"
            self._choosing = True
            try:
                self.layer.options = []
            finally:
                self._choosing = False
            self.box.children = []
            for p in self.panels:
                p.close()
            self.panels, self._key = [], None
            return
        layers = np.arange(1, hidden + 1)
        with self.y_scale.hold_sync():
            self.y_scale.min, self.y_scale.max = 0.0, float(max(units)) * 1.05
        with self.bars.hold_sync():
            self.bars.x, self.bars.y = layers, distinct.astype(float)
            self.bars.colors = scheme_colors(s.names)
        with self.units.hold_sync():
            self.units.x, self.units.y = layers, np.array(units, dtype=float)
        self.counts.value = "<small>" + "<br>".join(
            f"<span style='color:{c}'>■</span> {html.escape(label)}: "
            + ", ".join(f"{d}/{n}" for d, n in zip(row, units))
            for label, c, row in zip(s.labels, scheme_colors(s.names), distinct)) + "</small>"
        options = [(f"layer {l}", l) for l in layers.tolist()]
        if list(self.layer.options) != options:
            values = [v for _, v in options]
            keep = self.layer.value if self._user_layer and self.layer.value in values else min(2, hidden)
            self._choosing = True
            try:
                self.layer.options = options
                self.layer.value = keep
            finally:
                self._choosing = False
        l = self.layer.value
        key = (s.labels, s.weights[l - 1].shape, l)
        if key != self._key:
            old, self.panels = self.panels, [WeightPanel(f"{label}: W{l}", s.weights[l - 1].shape[1:])
                                             for label in s.labels]
            self.box.children = [p.figure for p in self.panels]
            for p in old:
                p.close()
            self._key = key
        for panel, W in zip(self.panels, s.weights[l - 1]):
            panel.update(W)
