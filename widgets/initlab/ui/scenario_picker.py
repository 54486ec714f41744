"""One button per scenario (core/scenarios.py) and the chosen one's "what to look for" text."""
import html

import ipywidgets as widgets
from ipywidgets import CallbackDispatcher

from ..core import scenarios


class ScenarioPicker:
    """on_pick(callback) calls callback(name) on a click; show(name) marks it chosen and shows
    its text. The buttons carry initlab-scenario and initlab-scenario-<name>. Two widgets for
    the page: `row` (label and buttons; other widgets may share its line) and `text`."""

    def __init__(self, current=None):
        self._on_pick = CallbackDispatcher()
        self.buttons = {}
        for name in scenarios.names():
            b = widgets.Button(description=scenarios.title(name), tooltip=scenarios.describe(name),
                               layout=widgets.Layout(width="auto", padding="0 8px"))
            b.add_class("initlab-scenario")
            b.add_class(f"initlab-scenario-{name}")
            b.on_click(lambda _, n=name: self._on_pick(n))
            self.buttons[name] = b
        self.text = widgets.HTML()
        self.text.add_class("initlab-scenario-text")
        label = widgets.HTML("<b>Scenario</b>", layout=widgets.Layout(width="6.5em"))
        self.row = widgets.HBox([label, *self.buttons.values()],
                                layout=widgets.Layout(align_items="center", flex_flow="row wrap",
                                                      min_width="0", max_width="100%"))
        self.show(current)

    def on_pick(self, callback):
        self._on_pick.register_callback(callback)

    def show(self, name):
        for n, b in self.buttons.items():
            b.button_style = "info" if n == name else ""
        self.text.value = "" if name is None else (
            f"<div style='max-width:1200px;line-height:1.3'><small><b>What to look for:</b> "
            f"{html.escape(scenarios.describe(name))} The settings stay yours to change.</small></div>")
