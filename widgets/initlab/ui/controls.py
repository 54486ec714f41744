"""The settings panel: a widget for every Config field a learner may change, and back to a Config.
Typed values are NumberText boxes (ui/number_text.py), each bad one named in the learner's words."""
import math

import ipywidgets as widgets
from ipywidgets import CallbackDispatcher

from ..core import fields, schemes
from ..core.datasets import UPLOADED
from .data_upload import DataUpload
from .layers_editor import MAX_HIDDEN_LAYERS, LayersEditor  # noqa: F401  (MAX_HIDDEN_LAYERS: tests read it)
from .number_text import NumberText, SliderText
from .session import COST, LEARNING_RATE, STRUCTURAL  # noqa: F401  (the kinds of change on_change reports)

_WIDE = {"description_width": "initial"}


class SettingsError(ValueError):
    """Every current problem with the typed settings, in the learner's words."""

    def __init__(self, messages):
        self.messages = list(messages)
        super().__init__("; ".join(self.messages))


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
        self._callbacks = CallbackDispatcher()
        self._locked = False
        structural = lambda: self._changed(STRUCTURAL)  # noqa: E731

        # The last uploaded points, kept while another dataset is chosen; "uploaded" is offered
        # once there are some (from a CSV, or from loaded settings).
        self._points = config.points
        self._quiet_dataset = False
        self.dataset = widgets.Dropdown(options=self._dataset_options(), value=config.dataset,
                                        description=fields.DATASET.label, tooltip=fields.DATASET.tooltip(),
                                        style=_WIDE, layout=widgets.Layout(width="11em"))
        self.dataset.observe(lambda _: self._dataset_changed(), "value")
        self.data_upload = DataUpload()
        self.data_upload.on_load(self._uploaded)
        noise = fields.NOISE
        self.noise = widgets.FloatSlider(value=config.noise, min=noise.limit.low, max=noise.limit.high,
                                         step=0.01, continuous_update=False, readout=False,
                                         tooltip=noise.label, layout=widgets.Layout(width="9em"))
        self.noise_text = NumberText.of(noise, style=_WIDE, layout=widgets.Layout(width="8em"))
        self._noise = SliderText(self.noise, self.noise_text, structural)
        self.data_seed = NumberText.of(fields.DATA_SEED, value=config.data_seed,
                                       style=_WIDE, layout=widgets.Layout(width="11em"))

        self.layers = LayersEditor(config.layers_dims[1:-1], on_change=structural)
        self.add_layer, self.remove_layer, self.layers_note = (
            self.layers.add_layer, self.layers.remove_layer, self.layers.layers_note)
        self.activation = widgets.ToggleButtons(options=fields.ACTIVATION.kind.shown(), value=config.activation,
                                                description=fields.ACTIVATION.label,
                                                style={**_WIDE, "button_width": "4em"})

        # The preset order first, so InitLab(**fields).config equals Config(**fields).
        order = list(config.names) + [n for n in schemes.NAMES if n not in config.names]
        self.use = {}
        for name in order:
            self.use[name] = widgets.Checkbox(value=name in config.names, description=schemes.short_label(name),
                                              indent=False,
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

        self.structural = [self.dataset, self.data_upload.upload, self.noise, self.noise_text, self.data_seed,
                           self.activation,
                           self.random_scale, self.seed, self.num_iterations,
                           *self.use.values()]
        for w in [self.data_seed, self.activation, self.random_scale, self.seed,
                  self.num_iterations, *self.use.values()]:
            w.observe(lambda _: structural(), "value")
        self.cost.observe(lambda _: self._changed(COST), "value")

        inits = []
        for name, box in self.use.items():
            inits.append(widgets.HBox([box, self.random_scale]) if schemes.takes_random_scale(name) else box)
        super().__init__([
            _section("Data", self.dataset, self.noise_text, self.noise, self.data_seed, self.data_upload.widget),
            _section("Network", *self.layers.widgets,
                     self.activation),
            _section("Compare", *inits, self.seed),
            _section("Training", self.learning_rate_text, self.learning_rate, self.num_iterations, self.cost),
        ])
        self.add_class("initlab-controls")
        self._update_noise()

    # --- public -------------------------------------------------------------------------
    def on_change(self, callback):
        self._callbacks.register_callback(callback)

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
        inits = [name if name in schemes.SCHEMES else self._custom[name] for name, box in self.use.items() if box.value]
        return self._base.replace(
            dataset=self.dataset.value, noise=value(self.noise_text), data_seed=value(self.data_seed),
            points=self._points if self.dataset.value == UPLOADED else None,
            layers_dims=self.layers_dims, activation=self.activation.value, initializations=tuple(inits),
            random_scale=value(self.random_scale), seed=value(self.seed),
            learning_rate=value(self.learning_rate_text), num_iterations=value(self.num_iterations),
            cost=self.cost.value)

    def lock(self, locked):
        """Disable (or enable) every control that changes the experiment; lr and cost stay live."""
        self._locked = locked
        for w in self.structural:
            w.disabled = locked
        self.layers.lock(locked)
        self._update_noise()

    @property
    def hidden(self):
        """The hidden layers' size boxes."""
        return self.layers.hidden

    # --- internals ----------------------------------------------------------------------
    def _changed(self, kind):
        self._callbacks(kind)

    def _dataset_options(self):
        return tuple(name for name in fields.DATASET.kind.options if name != UPLOADED or self._points is not None)

    def _dataset_changed(self):
        if self._quiet_dataset:
            return
        self._update_noise()
        self._changed(STRUCTURAL)

    def _uploaded(self, points):
        """A good CSV: its points become the dataset "uploaded", chosen at once."""
        self._points = points
        self._quiet_dataset = True  # new options reset the value first: report one change, below
        try:
            self.dataset.options = self._dataset_options()
            self.dataset.value = UPLOADED
        finally:
            self._quiet_dataset = False
        self._dataset_changed()

    def _update_noise(self):
        """Uploaded points are the learner's own: no noise is drawn for them."""
        for w in (self.noise, self.noise_text):
            w.disabled = self._locked or self.dataset.value == UPLOADED
