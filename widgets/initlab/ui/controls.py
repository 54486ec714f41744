"""The control panel: widgets for every Config field a learner may change, and back to a Config.

Typed values are plain text boxes parsed here, in Python: the box always shows what was
typed (IntText's own parsing turned `1e9` into 19), and every bad value gets a message
naming the field by its label and the allowed range, both declared in core/fields.py.
"""
import contextlib
import math
import numbers
import re

import ipywidgets as widgets
import traitlets

from ..core import fields
from ..core.datasets import UPLOADED
from ..core.initializers import INITIALIZERS, LABELS

NAMED = tuple(INITIALIZERS)  # zeros, random, he, xavier
_LAYERS = fields.LAYERS_DIMS.kind
MAX_HIDDEN_LAYERS = _LAYERS.hidden.high
STRUCTURAL, LEARNING_RATE, COST = "structural", "learning_rate", "cost"

_WIDE = {"description_width": "initial"}
_WHOLE = re.compile(r"[+-]?(\d+|\d{1,3}(,\d{3})+)")  # 15000 or 15,000; never 1,5


class SettingsError(ValueError):
    """Every current problem with the typed settings, in the learner's words."""

    def __init__(self, messages):
        self.messages = list(messages)
        super().__init__("; ".join(self.messages))


def _show(value):
    """How a number set from code appears in a text box: 15000, 0.05, 2e-06, 10."""
    if isinstance(value, numbers.Integral):
        return str(int(value))
    value = float(value)
    return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)


class _TextOrNumber(traitlets.Unicode):
    """A text value that may also be assigned a number from code (shown as typed)."""

    def validate(self, obj, value):
        if isinstance(value, numbers.Real) and not isinstance(value, bool):
            value = _show(value)
        return super().validate(obj, value)


class NumberText(widgets.Text):
    """A text box for a number; `parse()` gives the number or a message. Sends on Enter or blur."""
    value = _TextOrNumber(help="the text in the box").tag(sync=True)

    def __init__(self, label, limit, **kwargs):
        kwargs.setdefault("continuous_update", False)
        super().__init__(**kwargs)
        self.label, self.limit = label, limit
        self.tooltip = f"{label}: {limit.describe()}"

    @classmethod
    def of(cls, field, **kwargs):
        """The box for a declared Config field: its label, range and tooltip."""
        kwargs.setdefault("description", field.label)
        box = cls(field.label, field.limit, **kwargs)
        box.tooltip = field.tooltip()
        return box

    def parse(self):
        """(number, None) or (None, message naming the field and its range)."""
        text = self.value.strip()
        number = None
        if self.limit.integer:
            if _WHOLE.fullmatch(text):
                number = int(text.replace(",", ""))
        else:
            try:
                number = float(text)
            except ValueError:
                pass
        if number is not None and math.isfinite(number) and self.limit.low <= number <= self.limit.high:
            return number, None
        typed = "the box is empty" if not text else f"you typed “{self.value}”"
        return None, f"{self.label} must be {self.limit.describe()} ({typed})"


class SliderText:
    """A slider paired with a NumberText that replaces its readout (a readout clamps silently).
    The text is the value; the slider follows a valid text and rewrites the text when dragged."""

    def __init__(self, slider, text, on_change, log=False):
        self.slider, self.text, self._log, self._syncing = slider, text, log, False
        self._on_change = on_change
        text.value = slider.value
        slider.observe(self._slid, "value")
        text.observe(self._typed, "value")

    def _snapped(self, typed, new):
        """Is `new` the slider's own rounding of `typed` to its step grid? (the frontend may snap)"""
        s, lo = self.slider.step, self.slider.min
        if self._log:
            grid = self.slider.base ** (lo + round((math.log(typed, self.slider.base) - lo) / s) * s)
        else:
            grid = lo + round((typed - lo) / s) * s
        return typed != new and math.isclose(new, grid, rel_tol=1e-9, abs_tol=1e-12)

    def _slid(self, change):
        if self._syncing:
            return
        typed, _ = self.text.parse()
        if typed is not None and (typed == change["new"] or self._snapped(typed, change["new"])):
            return  # the slider snapped what was typed: keep the typed value
        with self._guard():
            self.text.value = round(change["new"], 12) if not self._log else float(f"{change['new']:.3g}")
        self._on_change()

    def _typed(self, _):
        if self._syncing:
            return
        number, _ = self.text.parse()
        if number is not None:
            with self._guard():
                self.slider.value = number
        self._on_change()

    @contextlib.contextmanager
    def _guard(self):
        self._syncing = True
        try:
            yield
        finally:
            self._syncing = False


def _section(title, *items):
    label = widgets.HTML(f"<b>{title}</b>", layout=widgets.Layout(width="6.5em"))
    return widgets.HBox([label, *items], layout=widgets.Layout(align_items="center", flex_flow="row wrap"))


class Controls(widgets.VBox):
    """Data, network, initializations and training settings.

    on_change(callback) calls callback(kind) with kind STRUCTURAL (changes the experiment:
    applies when idle or on Reset), LEARNING_RATE (applies live) or COST (which cost to show).
    errors() lists every invalid typed value in the learner's words; config() builds a
    Config from the widgets, raising SettingsError (all of them) or the Config's error.
    """

    def __init__(self, config):
        self._base = config  # keeps fields without a control (n_samples, record_every)
        self._custom = dict(config.custom)
        self._callbacks = []
        self._locked = False
        structural = lambda: self._changed(STRUCTURAL)  # noqa: E731

        # Uploaded points come from the file box (ui/data_upload.py), not from this list.
        drawn = [(label, name) for label, name in fields.DATASET.kind.shown() if name != UPLOADED]
        self.dataset = widgets.Dropdown(options=drawn, value=config.dataset,
                                        description=fields.DATASET.label, tooltip=fields.DATASET.tooltip(),
                                        style=_WIDE, layout=widgets.Layout(width="11em"))
        noise = fields.NOISE
        self.noise = widgets.FloatSlider(value=config.noise, min=noise.limit.low, max=noise.limit.high,
                                         step=0.01, continuous_update=False, readout=False,
                                         tooltip=noise.label, layout=widgets.Layout(width="9em"))
        self.noise_text = NumberText.of(noise, style=_WIDE, layout=widgets.Layout(width="8em"))
        self._noise = SliderText(self.noise, self.noise_text, structural)
        self.data_seed = NumberText.of(fields.DATA_SEED, value=config.data_seed,
                                       style=_WIDE, layout=widgets.Layout(width="11em"))

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
        self.add_layer.on_click(lambda _: self._add_layer())
        self.remove_layer.on_click(lambda _: self._remove_layer())
        self.activation = widgets.ToggleButtons(options=fields.ACTIVATION.kind.shown(), value=config.activation,
                                                description=fields.ACTIVATION.label,
                                                style={**_WIDE, "button_width": "4em"})

        # The preset order first, so InitLab(**fields).config equals Config(**fields).
        order = list(config.names) + [n for n in NAMED if n not in config.names]
        self.use = {}
        for name in order:
            label = LABELS.get(name, name).split(" ")[0] if name == "random" else LABELS.get(name, name)
            self.use[name] = widgets.Checkbox(value=name in config.names, description=label, indent=False,
                                              layout=widgets.Layout(width="auto"))
            self.use[name].add_class(f"initlab-init-{name}")
        # Only the × shows; the words are for screen readers.
        self.random_scale = NumberText.of(fields.RANDOM_SCALE, value=config.random_scale,
                                          description="<span class='initlab-sr'>random scale </span>×",
                                          description_allow_html=True, style=_WIDE, layout=widgets.Layout(width="7em"))
        # Set apart so it does not read as part of the last checkbox's label.
        self.seed = NumberText.of(fields.SEED, value=config.seed,
                                  style=_WIDE, layout=widgets.Layout(width="12em", margin="0 0 0 2em"))

        lr = fields.LEARNING_RATE
        self.learning_rate = widgets.FloatLogSlider(
            value=config.learning_rate, base=10, min=math.log10(lr.limit.low), max=math.log10(lr.limit.high),
            step=0.1, readout=False, tooltip=lr.label, layout=widgets.Layout(width="12em"))
        self.learning_rate_text = NumberText.of(lr, style=_WIDE, layout=widgets.Layout(width="11em"))
        self._learning_rate = SliderText(self.learning_rate, self.learning_rate_text,
                                         lambda: self._changed(LEARNING_RATE), log=True)
        self.num_iterations = NumberText.of(fields.NUM_ITERATIONS, value=config.num_iterations,
                                            style=_WIDE, layout=widgets.Layout(width="12em"))
        for box, css in ((self.num_iterations, "iterations"), (self.seed, "seed"), (self.data_seed, "data-seed"),
                         (self.noise_text, "noise"), (self.random_scale, "random-scale"),
                         (self.learning_rate_text, "learning-rate")):
            box.add_class(f"initlab-{css}")
        cost = fields.COST
        self.cost = widgets.ToggleButtons(options=cost.kind.shown(), value=config.cost,
                                          style={"button_width": "7.5em"},
                                          tooltip=cost.help, tooltips=cost.kind.helps)
        self._set_hidden(config.layers_dims[1:-1])

        self.structural = [self.dataset, self.noise, self.noise_text, self.data_seed, self.activation,
                           self.random_scale, self.seed, self.num_iterations, self.add_layer, self.remove_layer,
                           *self.use.values()]
        for w in [self.dataset, self.data_seed, self.activation, self.random_scale, self.seed,
                  self.num_iterations, *self.use.values()]:
            w.observe(lambda _: structural(), "value")
        self.cost.observe(lambda _: self._changed(COST), "value")

        inits = []
        for name, box in self.use.items():
            inits.append(widgets.HBox([box, self.random_scale]) if name == "random" else box)
        super().__init__([
            _section("Data", self.dataset, self.noise_text, self.noise, self.data_seed),
            _section("Network", self.layers_box, self.add_layer, self.remove_layer, self.layers_note,
                     self.activation),
            _section("Compare", *inits, self.seed),
            _section("Training", self.learning_rate_text, self.learning_rate, self.num_iterations, self.cost),
        ])
        self.add_class("initlab-controls")

    # --- public -------------------------------------------------------------------------
    def on_change(self, callback):
        self._callbacks.append(callback)

    @property
    def layers_dims(self):
        """(2, hidden sizes..., 1); raises SettingsError if a size is invalid."""
        sizes = [w.parse() for w in self.hidden]
        bad = [msg for _, msg in sizes if msg]
        if bad:
            raise SettingsError(bad)
        return (2, *(n for n, _ in sizes), 1)

    def errors(self):
        """Every invalid typed value, in the learner's words (empty when all are valid)."""
        boxes = [self.noise_text, self.data_seed, *self.hidden, self.random_scale, self.seed,
                 self.learning_rate_text, self.num_iterations]
        out = [msg for msg in (box.parse()[1] for box in boxes) if msg]
        ticked = sum(box.value for box in self.use.values())
        if not ticked:
            out.append("tick at least one initialization to compare")
        elif ticked > fields.INITIALIZATIONS.kind.count.high:
            out.append(f"at most {fields.INITIALIZATIONS.kind.count.high} initializations can be compared at once "
                       f"({ticked} are ticked)")
        return out

    def config(self):
        errors = self.errors()
        if errors:
            raise SettingsError(errors)
        value = lambda box: box.parse()[0]  # noqa: E731
        inits = [name if name in NAMED else self._custom[name] for name, box in self.use.items() if box.value]
        return self._base.replace(
            dataset=self.dataset.value, noise=value(self.noise_text), data_seed=value(self.data_seed),
            layers_dims=self.layers_dims, activation=self.activation.value, initializations=tuple(inits),
            random_scale=value(self.random_scale), seed=value(self.seed),
            learning_rate=value(self.learning_rate_text), num_iterations=value(self.num_iterations),
            cost=self.cost.value)

    def lock(self, locked):
        """Disable (or enable) every control that changes the experiment; lr and cost stay live."""
        self._locked = locked
        for w in self.structural + self.hidden:
            w.disabled = locked
        self._update_layer_buttons()

    # --- internals ----------------------------------------------------------------------
    def _changed(self, kind):
        for callback in self._callbacks:
            callback(kind)

    def _set_hidden(self, sizes):
        for w in self.hidden:
            w.close()
        self.hidden = []
        for i, size in enumerate(sizes, start=1):
            w = NumberText(f"units in hidden layer {i}", _LAYERS.units, value=size, disabled=self._locked,
                           description=f"layer {i}", style=_WIDE, layout=widgets.Layout(width="7.5em"))
            w.add_class("initlab-layer-size")
            w.observe(lambda _: self._changed(STRUCTURAL), "value")
            self.hidden.append(w)
        arrow = lambda: widgets.HTML("→")  # noqa: E731
        fixed = lambda n, tip: widgets.HTML(f"<span title='{tip}'>{n}</span>")  # noqa: E731
        items = [fixed(2, "2 inputs: the point's coordinates"), arrow()]
        for w in self.hidden:
            items += [w, arrow()]
        items.append(fixed(1, "1 sigmoid output: probability of class 1"))
        self.layers_box.children = items
        self._update_layer_buttons()

    def _update_layer_buttons(self):
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

    def _sizes_as_typed(self):
        return [w.value for w in self.hidden]

    def _add_layer(self):
        self._set_hidden(self._sizes_as_typed() + [_LAYERS.new_units])
        self._changed(STRUCTURAL)

    def _remove_layer(self):
        self._set_hidden(self._sizes_as_typed()[:-1])
        self._changed(STRUCTURAL)
