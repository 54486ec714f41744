"""The two ways through the lab, one click apart: the guided lesson and the playground."""
import ipywidgets as widgets
from ipywidgets import CallbackDispatcher

GUIDED, PLAYGROUND = "guided", "playground"
_BUTTONS = ((GUIDED, "Guided lesson", "the lesson step by step: predict, run, see why"),
            (PLAYGROUND, "Playground", "every setting and scenario at hand"))


class ModeButtons:
    """on_pick(callback) is called with GUIDED or PLAYGROUND; show(mode) marks the current one."""

    def __init__(self):
        self._picked = CallbackDispatcher()
        self.buttons = {}
        for mode, text, tip in _BUTTONS:
            b = widgets.Button(description=text, tooltip=tip, layout=widgets.Layout(width="auto"))
            b.add_class(f"initlab-mode-{mode}")
            b.on_click(lambda _, m=mode: self._picked(m))
            self.buttons[mode] = b
        self.widget = widgets.HBox(list(self.buttons.values()), layout=widgets.Layout(grid_gap="4px"))

    def on_pick(self, callback):
        self._picked.register_callback(callback)

    def show(self, mode):
        for m, b in self.buttons.items():
            b.button_style = "primary" if m == mode else ""
