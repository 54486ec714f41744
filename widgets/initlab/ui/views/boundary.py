"""Decision boundary: one small panel per initialization, the output probability as a HeatMap
(one canvas image, cheap to redraw) under the train (filled) and test (hollow) points."""
import threading

import bqplot as bq
import ipywidgets as widgets
import numpy as np

from .._widgets import close_tree
from ..palette import BOUNDARY_COLORS, POINT_COLORS

# Class by marker shape as well as hue (legible in greyscale); train filled, test hollow.
MARKERS = ("circle", "triangle-up")  # class 0, class 1
KEY = ("<small>background: predicted probability of class 1. "
       f"<span style='color:{POINT_COLORS[0]}'>● class 0 (blue)</span>, "
       f"<span style='color:{POINT_COLORS[1]}'>▲ class 1 (orange)</span>; "
       "filled ● ▲ train points, hollow ○ △ test points</small>")
# A diverged network's output is nan, which the canvas draws black: say so (the title is too
# narrow for the reason, and the cost legend marks the same run with the same sign).
NOT_FINITE = "<small>† output not finite (the network diverged): drawn black.</small>"


def _points(X, Y, scales, test, shrink=1.0):
    """One Scatter per class: a mark has one marker shape. shrink < 1 for panels smaller than
    the full-size 205 px, so the points do not cover the background."""
    marks = []
    for cls, marker in enumerate(MARKERS):
        mine = Y[0] == cls
        style = ({"fill": False, "stroke": POINT_COLORS[cls], "stroke_width": 1.8 * max(shrink, 0.75),
                  "default_size": round(30 * shrink)}
                 if test else {"stroke": "white", "stroke_width": 0.5, "default_size": round(16 * shrink)})
        marks.append(bq.Scatter(x=X[0][mine], y=X[1][mine], colors=[POINT_COLORS[cls]], marker=marker,
                                scales=scales, **style))
    return marks


class BoundaryPanel:
    """One initialization's panel; owns its marks."""

    def __init__(self, label, boundary, probability, data, size=(205, 215)):
        self.label = label
        xs, ys = boundary.xs, boundary.ys
        self.x_scale = bq.LinearScale(min=float(xs[0]), max=float(xs[-1]))
        self.y_scale = bq.LinearScale(min=float(ys[0]), max=float(ys[-1]))
        scales = {"x": self.x_scale, "y": self.y_scale}
        self.heatmap = bq.HeatMap(x=xs, y=ys, color=probability, scales={
            **scales, "color": bq.ColorScale(colors=BOUNDARY_COLORS, min=0.0, max=1.0, mid=0.5)})
        shrink = min(1.0, size[0] / 205)  # marker areas follow the panel's width
        self.train = _points(data.train_X, data.train_Y, scales, test=False, shrink=shrink)
        self.test = _points(data.test_X, data.test_Y, scales, test=True, shrink=shrink)
        self.figure = bq.Figure(marks=[self.heatmap, *self.train, *self.test], title=label,
                                display_toolbar=False,  # its save names every file image.png
                                animation_duration=0, padding_x=0.0, padding_y=0.0,
                                fig_margin={"top": 28, "bottom": 6, "left": 6, "right": 6},
                                layout=widgets.Layout(width=f"{size[0]}px", height=f"{size[1]}px"))
        self.figure.add_class("initlab-boundary-panel")
        self._title(probability)

    def update(self, probability):
        with self.heatmap.hold_sync():
            self.heatmap.color = np.asarray(probability, dtype=np.float32)  # half the bytes per frame
        self._title(probability)

    def _title(self, probability):
        self.finite = bool(np.isfinite(probability).all())
        self.figure.title = self.label if self.finite else f"{self.label} †"

    def close(self):
        close_tree(self.figure)


class BoundaryView:
    """show_data(data) sets the points; update(snapshot) redraws the probabilities, rebuilding
    the panels when the set of initializations or the grid changes."""

    def __init__(self, panel_size=(205, 215)):
        self.panel_size = panel_size  # (width, height) in pixels
        self._lock = threading.Lock()
        self._data = None
        self._key = None
        self.panels = []
        self.box = widgets.HBox(layout=widgets.Layout(flex_flow="row wrap"))
        self.box.add_class("initlab-boundary")
        self.note = widgets.HTML()
        self.note.add_class("initlab-boundary-note")
        self.widget = widgets.VBox([self.box, self.note, widgets.HTML(KEY)])

    def show_data(self, data):
        with self._lock:
            self._data = data
            self._key = None  # points changed: rebuild on the next update

    def update(self, snapshot):
        b = snapshot.boundary
        if b is None:
            return
        with self._lock:
            key = (snapshot.labels, b.xs.tobytes(), b.ys.tobytes())
            if key != self._key:
                self._rebuild(snapshot)
                self._key = key
            else:
                for panel, probability in zip(self.panels, b.probability):
                    panel.update(probability)
            note = "" if all(p.finite for p in self.panels) else NOT_FINITE
            if self.note.value != note:
                self.note.value = note

    def _rebuild(self, snapshot):
        old = self.panels
        b = snapshot.boundary
        self.panels = [BoundaryPanel(label, b, b.probability[k], self._data, self.panel_size)
                       for k, label in enumerate(snapshot.labels)]
        self.box.children = [p.figure for p in self.panels]
        for panel in old:
            panel.close()

    @property
    def colors(self):
        """The probability arrays currently drawn, one per panel."""
        return [np.asarray(p.heatmap.color) for p in self.panels]
