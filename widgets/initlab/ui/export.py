"""Export and import: settings as JSON (Config.to_json / from_json), results as CSV, figures
as PNG or SVG. Downloads are plain <a download> links with data: URLs (no JavaScript of ours),
and bqplot's own Figure.save_png / save_svg with a file name that says what the figure is."""
import base64
import csv
import html
import io

import ipywidgets as widgets
from ipywidgets import CallbackDispatcher

from ..core import Config
from .palette import LEGEND_STYLE

SETTINGS_FILE = "initlab-settings.json"
RESULTS_FILE = "initlab-results.csv"
RESULTS_COLUMNS = ("initialization", "iteration", "train_accuracy", "test_accuracy",
                   "lesson_cost", "stable_cost", "verdict")


def download_link(text, filename, mime, label):
    data = base64.b64encode(text.encode("utf-8")).decode("ascii")
    return (f"<a download='{html.escape(filename, quote=True)}' href='data:{mime};base64,{data}' "
            f"class='initlab-download' title='download {html.escape(filename, quote=True)}'>{label}</a>")


def results_csv(snapshot):
    """One row per initialization: the numbers of the results table, at full precision."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(RESULTS_COLUMNS)
    for k, name in enumerate(snapshot.names):
        writer.writerow([name, snapshot.iteration, repr(float(snapshot.train_accuracy[k])),
                         repr(float(snapshot.test_accuracy[k])), repr(float(snapshot.lesson_cost[k])),
                         repr(float(snapshot.stable_cost[k])), snapshot.verdicts[k]])
    return out.getvalue()


def prepare_for_saving(figure):
    """A legible legend in the saved file; no hover toolbar (its save names every file image.png)."""
    if figure.legend_style != LEGEND_STYLE:
        figure.legend_style = LEGEND_STYLE
    if figure.display_toolbar:
        figure.display_toolbar = False


class ExportPanel:
    """Settings download/upload, results CSV, figure PNG/SVG.

    show_settings(config) refreshes the JSON link; update(snapshot) the CSV link.
    on_load(callback) calls callback(config) with an uploaded, valid Config; an invalid
    file calls on_error(message) instead. figures(saving) returns {file stem: bqplot Figure};
    saving=True readies them to be saved.
    """

    def __init__(self, figures, custom=None):
        self._figures = figures
        self._custom = dict(custom or {})
        self._on_load, self._on_error = CallbackDispatcher(), CallbackDispatcher()
        self.settings_link = widgets.HTML()
        self.settings_link.add_class("initlab-settings-download")
        self.upload = widgets.FileUpload(accept=".json,application/json", multiple=False,
                                         description="load settings", icon="upload",
                                         tooltip="load settings saved as JSON by InitLab",
                                         layout=widgets.Layout(width="auto"))
        self.upload.add_class("initlab-settings-upload")
        self.upload.observe(self._uploaded, "value")
        self.results_link = widgets.HTML()
        self.results_link.add_class("initlab-results-download")
        self.figure = widgets.Dropdown(description="figure", style={"description_width": "initial"},
                                       layout=widgets.Layout(width="auto"))
        self.png = widgets.Button(description="PNG", tooltip="save the figure as PNG",
                                  layout=widgets.Layout(width="4.5em"))
        self.svg = widgets.Button(description="SVG", tooltip="save the figure as SVG",
                                  layout=widgets.Layout(width="4.5em"))
        self.png.add_class("initlab-save-png")
        self.svg.add_class("initlab-save-svg")
        self.png.on_click(lambda _: self.save("png"))
        self.svg.on_click(lambda _: self.save("svg"))
        self.figure.add_class("initlab-figure-choice")
        self.widget = widgets.HBox(
            [self.settings_link, self.upload, self.results_link, self.figure, self.png, self.svg],
            layout=widgets.Layout(align_items="center", flex_flow="row wrap", grid_gap="0 8px"))
        self.widget.add_class("initlab-export")

    def on_load(self, callback):
        self._on_load.register_callback(callback)

    def on_error(self, callback):
        self._on_error.register_callback(callback)

    def show_settings(self, config):
        self._custom.update(config.custom)
        self.settings_link.value = download_link(config.to_json(), SETTINGS_FILE, "application/json",
                                                 "⤓ settings (JSON)")

    def update(self, snapshot):
        self.results_link.value = download_link(results_csv(snapshot), RESULTS_FILE, "text/csv",
                                                "⤓ results (CSV)")

    def refresh_figures(self):
        """The figures on offer changed (e.g. other initializations): keep the choice if it still exists."""
        figures = self._figures()
        for figure in figures.values():
            prepare_for_saving(figure)
        names = list(figures)
        current = self.figure.value
        self.figure.options = names
        self.figure.value = current if current in names else (names[0] if names else None)

    def save(self, kind):
        """Ask the page to download the chosen figure as initlab-<name>.png / .svg."""
        figures = self._figures(saving=True)
        figure = figures.get(self.figure.value)
        if figure is None:
            return None
        prepare_for_saving(figure)
        filename = f"initlab-{self.figure.value}.{kind}"
        (figure.save_png if kind == "png" else figure.save_svg)(filename)
        return filename

    def _uploaded(self, change):
        files = change["new"]
        if not files:
            return
        upload = files[0]
        self.upload.value = ()  # so that loading the same file again is seen as a change
        try:
            config = Config.from_json(bytes(upload["content"]).decode("utf-8"), custom=self._custom)
        except Exception as exc:  # a wrong file: say why, keep the current settings
            message = f"{upload['name']} is not InitLab settings: {type(exc).__name__}: {exc}"
            self._on_error(message)
            return
        self._on_load(config)
