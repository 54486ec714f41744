"""Decision boundary: one small panel per initialization, the output probability as a picture
under the train (filled) and test (hollow) points.

The picture is a PNG (views/picture.py) in an image widget of its own, laid under a transparent
figure that holds the points and the title: a frame replaces the image and chromium does not
repaint the points. The figure also holds a hidden copy of the picture, shown for saving, so a
saved PNG or SVG has the background."""
import threading

import bqplot as bq
import ipywidgets as widgets
import numpy as np

from .._widgets import close_tree
from ..palette import POINT_COLORS
from .picture import data_url, png

# Class by marker shape as well as hue (legible in greyscale); train filled, test hollow.
MARKERS = ("circle", "triangle-up")  # class 0, class 1
KEY = ("<small>background: predicted probability of class 1. "
       f"<span style='color:{POINT_COLORS[0]}'>● class 0 (blue)</span>, "
       f"<span style='color:{POINT_COLORS[1]}'>▲ class 1 (orange)</span>; "
       "filled ● ▲ train points, hollow ○ △ test points</small>")
# A diverged network's output is nan, which the canvas draws black: say so (the title is too
# narrow for the reason, and the cost legend marks the same run with the same sign).
NOT_FINITE = "<small>† output not finite (the network diverged): drawn black.</small>"
# One pixel per grid point, as the grid was computed (the browser would blur it otherwise); a
# compositing layer of its own, so a new picture does not repaint the points drawn over it.
PICTURE_STYLE = "<style>.initlab-boundary-picture{image-rendering:pixelated;will-change:transform}</style>"
MARGIN = {"top": 28, "bottom": 6, "left": 6, "right": 6}  # the figure's, around the picture
INSET = 2  # px: bqplot draws its figure this far inside the figure widget's box


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


def _extent(centres):
    """The span the grid's cells cover: half a cell past the first and last points."""
    half = (centres[-1] - centres[0]) / (len(centres) - 1) / 2
    return float(centres[0] - half), float(centres[-1] + half)


class BoundaryPanel:
    """One initialization's panel; owns its widgets. `widget` goes in the page, `figure` is
    what the export saves (after for_saving())."""

    def __init__(self, label, boundary, probability, data, size=(205, 215)):
        self.label = label
        (x0, x1), (y0, y1) = _extent(boundary.xs), _extent(boundary.ys)
        # The picture fills the figure's plot area, which spans the cells exactly, so each
        # pixel sits under the grid point it shows.
        self.x_scale = bq.LinearScale(min=x0, max=x1)
        self.y_scale = bq.LinearScale(min=y0, max=y1)
        scales = {"x": self.x_scale, "y": self.y_scale}
        width, height = size
        # No tooltip: ipywidgets 8.1's ImageView fails to render with one. ui/a11y.py gives the
        # <img> its alt text from the panel's title.
        self.picture = widgets.Image(format="png", layout=widgets.Layout(
                                         grid_area="1 / 1 / 2 / 2",
                                         width=f"{width - MARGIN['left'] - MARGIN['right']}px",
                                         height=f"{height - MARGIN['top'] - MARGIN['bottom']}px",
                                         margin=f"{MARGIN['top'] + INSET}px 0 0 {MARGIN['left'] + INSET}px"))
        self.picture.add_class("initlab-boundary-picture")
        self._saved_copy = bq.Image(image=widgets.Image(format="url", value=b""), x=[x0, x1], y=[y0, y1],
                                    scales=scales, visible=False)
        shrink = min(1.0, width / 205)  # marker areas follow the panel's width
        self.train = _points(data.train_X, data.train_Y, scales, test=False, shrink=shrink)
        self.test = _points(data.test_X, data.test_Y, scales, test=True, shrink=shrink)
        self.figure = bq.Figure(marks=[self._saved_copy, *self.train, *self.test], title=label,
                                display_toolbar=False,  # its save names every file image.png
                                animation_duration=0, padding_x=0.0, padding_y=0.0, fig_margin=MARGIN,
                                background_style={"fill": "none"},  # the picture shows through
                                layout=widgets.Layout(grid_area="1 / 1 / 2 / 2", width=f"{width}px", height=f"{height}px"))
        self.widget = widgets.GridBox([self.picture, self.figure], layout=widgets.Layout(
            grid_template_columns=f"{width}px", grid_template_rows=f"{height}px",
            overflow="hidden"))  # bqplot's figure is a few px larger than its box: no scrolling
        self.widget.add_class("initlab-boundary-panel")
        self.update(probability)

    def update(self, probability):
        self.probability = np.asarray(probability, dtype=np.float32)  # what the picture shows
        self.picture.value = png(self.probability)
        if self._saved_copy.visible:  # shown for a save: the live picture is the one below
            self._saved_copy.visible = False
        self.finite = bool(np.isfinite(self.probability).all())
        self.figure.title = self.label if self.finite else f"{self.label} †"

    def for_saving(self):
        """Put the current picture into the figure itself, for save_png / save_svg; the next
        update() hides it again."""
        with self._saved_copy.hold_sync():
            self._saved_copy.image.value = data_url(self.picture.value)
            self._saved_copy.visible = True

    def close(self):
        close_tree(self.widget)


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
        self.widget = widgets.VBox([self.box, self.note, widgets.HTML(KEY + PICTURE_STYLE)])

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
        self.box.children = [p.widget for p in self.panels]
        for panel in old:
            panel.close()

    @property
    def colors(self):
        """The probability arrays currently drawn, one per panel."""
        return [p.probability for p in self.panels]
