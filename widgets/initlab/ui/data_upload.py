"""'Your own data': a CSV upload (columns x1,x2,label) and the message it leaves.

The file is parsed by core/uploaded.py. A good file's points go to the on_load callbacks; a bad
file's problem is shown (role=alert, so a screen reader says it) and nothing else changes, so
the current data stay.
"""
import html

import ipywidgets as widgets

from ..core.fields import POINTS
from ..core.uploaded import COLUMNS, parse_csv

ERROR_COLOR = "#b00020"  # as the settings message (ui/app.py): 6.9:1 on white


class DataUpload:
    """on_load(callback) calls callback(points) with the (x1, x2, label) rows of a good file;
    `points` and `filename` hold the last good file's (None before one)."""

    def __init__(self):
        self.points = None
        self.filename = None
        self._loaded = widgets.CallbackDispatcher()
        self.upload = widgets.FileUpload(
            accept=".csv,text/csv", multiple=False, description="upload CSV", icon="upload",
            tooltip=f"your own points: a CSV file with columns {','.join(COLUMNS)} (header optional), "
                    f"{POINTS.kind.rows.low} to {POINTS.kind.rows.high} rows, labels 0 or 1",
            layout=widgets.Layout(width="auto"))
        self.upload.add_class("initlab-data-upload")
        self.upload.observe(self._uploaded, "value")
        self.message = widgets.HTML()
        self.message.add_class("initlab-data-message")
        self.widget = widgets.HBox([self.upload, self.message],
                                   layout=widgets.Layout(align_items="center", flex_flow="row wrap",
                                                         grid_gap="0 8px"))

    def on_load(self, callback, remove=False):
        self._loaded.register_callback(callback, remove=remove)

    def _uploaded(self, change):
        files = change["new"]
        if not files:
            return
        upload = files[0]
        self.upload.value = ()  # so that choosing the same file again (mended) is seen as a change
        name = html.escape(upload["name"])
        try:
            points = parse_csv(bytes(upload["content"]))
        except ValueError as exc:
            self.message.value = (f"<div role='alert' style='color:{ERROR_COLOR}'><b>{name} was not loaded:</b> "
                                  f"{html.escape(str(exc))}. The current data stay.</div>")
            return
        self.points, self.filename = points, upload["name"]
        self.message.value = f"<span role='status'>{name}: {len(points):,} points loaded</span>"
        self._loaded(points)
