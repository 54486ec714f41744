"""The network's hidden layers as size boxes between the fixed 2 inputs and 1 output, with
+ layer / − layer buttons that stop at the hidden-layer limit."""
import ipywidgets as widgets
from ipywidgets import CallbackDispatcher

from ..core import fields
from .number_text import NumberText

_LAYERS = fields.LAYERS_DIMS.kind
MAX_HIDDEN_LAYERS = _LAYERS.hidden.high
_WIDE = {"description_width": "initial"}


class LayersEditor:
    """`widgets` go in the Network row; on_change() is called after any size or count changes."""

    def __init__(self, sizes, on_change):
        self._changed = CallbackDispatcher()
        self._changed.register_callback(on_change)
        self._locked = False
        self.hidden = []
        # Basis 0: deep networks wrap inside this box, beside the "Network" label and the buttons,
        # not onto a line of their own; never wider than its sizes need, never narrower than one
        # size box (on a narrow page the buttons wrap instead).
        self.layers_box = widgets.HBox(layout=widgets.Layout(align_items="center", flex_flow="row wrap",
                                                             flex="1 1 0", min_width="13em", max_width="max-content"))
        self.add_layer = widgets.Button(description="+ layer", layout=widgets.Layout(width="5.5em"))
        self.remove_layer = widgets.Button(description="− layer", layout=widgets.Layout(width="5.5em"))
        self.layers_note = widgets.HTML()
        self.layers_note.add_class("initlab-layers-note")
        self.add_layer.on_click(lambda _: self._set_hidden(self._typed() + [_LAYERS.new_units], notify=True))
        self.remove_layer.on_click(lambda _: self._set_hidden(self._typed()[:-1], notify=True))
        self.widgets = [self.layers_box, self.add_layer, self.remove_layer, self.layers_note]
        self._set_hidden(sizes)

    def lock(self, locked):
        self._locked = locked
        for w in self.hidden:
            w.disabled = locked
        self._update_buttons()

    def _typed(self):
        return [w.value for w in self.hidden]

    def _set_hidden(self, sizes, notify=False):
        for w in self.hidden:
            w.close()
        self.hidden = []
        for i, size in enumerate(sizes, start=1):
            w = NumberText(f"units in hidden layer {i}", _LAYERS.units, value=size, disabled=self._locked,
                           description=f"layer {i}", style=_WIDE, layout=widgets.Layout(width="7.5em"))
            w.add_class("initlab-layer-size")
            w.observe(lambda _: self._changed(), "value")
            self.hidden.append(w)
        arrow = lambda: widgets.HTML("→")  # noqa: E731
        fixed = lambda n, tip: widgets.HTML(f"<span title='{tip}'>{n}</span>")  # noqa: E731
        items = [fixed(2, "2 inputs: the point's coordinates"), arrow()]
        for w in self.hidden:
            items += [w, arrow()]
        items.append(fixed(1, "1 sigmoid output: probability of class 1"))
        self.layers_box.children = items
        self._update_buttons()
        if notify:
            self._changed()

    def _update_buttons(self):
        full, n = len(self.hidden) >= MAX_HIDDEN_LAYERS, _LAYERS.new_units
        self.add_layer.disabled = self._locked or full
        self.add_layer.tooltip = (f"at most {MAX_HIDDEN_LAYERS} hidden layers (the limit)" if full else
                                  f"add a hidden layer of {n} units (up to {MAX_HIDDEN_LAYERS} hidden layers)")
        self.remove_layer.disabled = self._locked or not self.hidden
        self.remove_layer.tooltip = ("no hidden layer left to remove" if not self.hidden
                                     else "remove the last hidden layer")
        self.layers_note.value = (f"<small>{MAX_HIDDEN_LAYERS} hidden layers: the most allowed</small>"
                                  if full else "")
        self.layers_note.layout.display = None if full else "none"  # takes no room when empty
