"""The control panel: widgets for every Config field a learner may change, and back to a Config."""
import math

import ipywidgets as widgets

from ..core import DATASETS
from ..core.initializers import INITIALIZERS, LABELS

NAMED = tuple(INITIALIZERS)  # zeros, random, he, xavier
MAX_HIDDEN_LAYERS = 6
STRUCTURAL, LEARNING_RATE, COST = "structural", "learning_rate", "cost"

_WIDE = {"description_width": "initial"}


def _section(title, *items):
    label = widgets.HTML(f"<b>{title}</b>", layout=widgets.Layout(width="6.5em"))
    return widgets.HBox([label, *items], layout=widgets.Layout(align_items="center", flex_flow="row wrap"))


class Controls(widgets.VBox):
    """Data, network, initializations and training settings.

    on_change(callback) calls callback(kind) with kind STRUCTURAL (changes the experiment:
    applies when idle or on Reset), LEARNING_RATE (applies live) or COST (which cost to show).
    config() builds a Config from the widgets, raising the Config's ValueError/TypeError.
    """

    def __init__(self, config):
        self._base = config  # keeps fields without a control (n_samples, record_every)
        self._custom = dict(config.custom)
        self._callbacks = []
        self._locked = False

        self.dataset = widgets.Dropdown(options=DATASETS, value=config.dataset, description="dataset",
                                        style=_WIDE, layout=widgets.Layout(width="11em"))
        self.noise = widgets.FloatSlider(value=config.noise, min=0.0, max=max(0.5, config.noise), step=0.01,
                                         description="noise", continuous_update=False, readout_format=".2f",
                                         style=_WIDE, layout=widgets.Layout(width="16em"))
        self.data_seed = widgets.IntText(value=config.data_seed, description="data seed", style=_WIDE,
                                         layout=widgets.Layout(width="9em"))

        self.hidden = []
        self.layers_box = widgets.HBox(layout=widgets.Layout(align_items="center"))
        self.add_layer = widgets.Button(description="+ layer", tooltip="add a hidden layer",
                                        layout=widgets.Layout(width="5.5em"))
        self.remove_layer = widgets.Button(description="− layer", tooltip="remove the last hidden layer",
                                           layout=widgets.Layout(width="5.5em"))
        self.add_layer.on_click(lambda _: self._add_layer())
        self.remove_layer.on_click(lambda _: self._remove_layer())
        self.activation = widgets.ToggleButtons(options=["relu", "tanh"], value=config.activation,
                                                description="activation", style={**_WIDE, "button_width": "4em"})

        # The preset order first, so InitLab(**fields).config equals Config(**fields).
        order = list(config.names) + [n for n in NAMED if n not in config.names]
        self.use = {}
        for name in order:
            label = LABELS.get(name, name).split(" ")[0] if name == "random" else LABELS.get(name, name)
            self.use[name] = widgets.Checkbox(value=name in config.names, description=label, indent=False,
                                              layout=widgets.Layout(width="auto"))
            self.use[name].add_class(f"initlab-init-{name}")
        self.random_scale = widgets.FloatText(value=config.random_scale, description="×",
                                              tooltip="random weights are randn × this scale",
                                              style=_WIDE, layout=widgets.Layout(width="6em"))
        # Set apart so it does not read as part of the last checkbox's label.
        self.seed = widgets.IntText(value=config.seed, description="weight seed", style=_WIDE,
                                    layout=widgets.Layout(width="10em", margin="0 0 0 2em"))

        self.learning_rate = widgets.FloatLogSlider(
            value=config.learning_rate, base=10, min=min(-4, math.floor(math.log10(config.learning_rate))),
            max=max(0, math.ceil(math.log10(config.learning_rate))), step=0.1, description="learning rate",
            readout_format=".2g", style=_WIDE, layout=widgets.Layout(width="20em"))
        self.num_iterations = widgets.IntText(value=config.num_iterations, step=1000, description="iterations",
                                              style=_WIDE, layout=widgets.Layout(width="12em"))
        self.num_iterations.add_class("initlab-iterations")
        self.cost = widgets.ToggleButtons(options=[("lesson cost", "lesson"), ("stable cost", "stable")],
                                          value=config.cost, style={"button_width": "7.5em"},
                                          tooltips=["the lesson's −mean(y log a + (1−y) log(1−a)); "
                                                    "inf when a sigmoid saturates",
                                                    "the same cost computed from the pre-sigmoid values: "
                                                    "always finite"])
        self._set_hidden(config.layers_dims[1:-1])

        self.structural = [self.dataset, self.noise, self.data_seed, self.activation, self.random_scale,
                           self.seed, self.num_iterations, self.add_layer, self.remove_layer, *self.use.values()]
        for w in [self.dataset, self.noise, self.data_seed, self.activation, self.random_scale, self.seed,
                  self.num_iterations, *self.use.values()]:
            w.observe(lambda _: self._changed(STRUCTURAL), "value")
        self.learning_rate.observe(lambda _: self._changed(LEARNING_RATE), "value")
        self.cost.observe(lambda _: self._changed(COST), "value")

        inits = []
        for name, box in self.use.items():
            inits.append(widgets.HBox([box, self.random_scale]) if name == "random" else box)
        super().__init__([
            _section("Data", self.dataset, self.noise, self.data_seed),
            _section("Network", self.layers_box, self.add_layer, self.remove_layer, self.activation),
            _section("Compare", *inits, self.seed),
            _section("Training", self.learning_rate, self.num_iterations, self.cost),
        ])
        self.add_class("initlab-controls")

    # --- public -------------------------------------------------------------------------
    def on_change(self, callback):
        self._callbacks.append(callback)

    @property
    def layers_dims(self):
        return (2, *(w.value for w in self.hidden), 1)

    def config(self):
        inits = [name if name in NAMED else self._custom[name] for name, box in self.use.items() if box.value]
        return self._base.replace(
            dataset=self.dataset.value, noise=self.noise.value, data_seed=self.data_seed.value,
            layers_dims=self.layers_dims, activation=self.activation.value, initializations=tuple(inits),
            random_scale=self.random_scale.value, seed=self.seed.value,
            learning_rate=self.learning_rate.value, num_iterations=self.num_iterations.value,
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
        for size in sizes:
            w = widgets.IntText(value=size, layout=widgets.Layout(width="4.5em"), disabled=self._locked,
                                tooltip="units in this hidden layer")
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
        self.add_layer.disabled = self._locked or len(self.hidden) >= MAX_HIDDEN_LAYERS
        self.remove_layer.disabled = self._locked or not self.hidden

    def _add_layer(self):
        sizes = [w.value for w in self.hidden]
        self._set_hidden(sizes + [sizes[-1] if sizes else 5])
        self._changed(STRUCTURAL)

    def _remove_layer(self):
        self._set_hidden([w.value for w in self.hidden][:-1])
        self._changed(STRUCTURAL)

