"""Ready-made experiments, one per idea of the lesson: names, settings and what to look for.

Each scenario is a full Config (every field set, the rest at the lesson's defaults), so a click
in the dashboard or `InitLab(scenario=name)` reproduces it exactly; the settings can still be
changed afterwards. Initializations are listed in core/schemes.py's order, the order the
dashboard's checkboxes use.
"""
from .config import Config
from .schemes import DEFAULT_RANDOM_SCALE

DEEP = (2,) + (64,) * 10 + (1,)

# name -> (button title, settings, what to look for)
_SCENARIOS = {
    "lesson": ("the lesson", {}, (
        "The lesson's network [2, 10, 5, 1] with zeros, random ×10 and He side by side. Zeros sits at "
        "ln 2 with every unit a copy of its neighbours; random ×10 starts saturated (its first lesson "
        "cost is inf) and crawls; He learns the circles.")),
    "symmetry": ("symmetry", {"initializations": ("zeros", "he"), "num_iterations": 5000}, (
        "Zeros beside He. Watch the distinct-units count: under zeros every layer has one unit, "
        "however long it trains, because identical units get identical gradients. "
        "He starts with every unit different and keeps them that way.")),
    "too-large": ("too large", {"initializations": ("random", "he"), "random_scale": DEFAULT_RANDOM_SCALE,
                                "cost": "stable"}, (
        "Random weights ×10 beside He. The activation histograms sit decades to the right of the "
        "healthy band from layer 2 on, the output sigmoid saturates, and learning is slow even though "
        "the cost falls at first.")),
    "too-small": ("too small", {"initializations": ("random", "he"), "random_scale": 0.01}, (
        "Random weights ×0.01 beside He. Every layer's activations sit far left of the healthy band "
        "and the gradients are thousands of times smaller than He's, so the boundary barely moves: "
        "a signal that vanishes cannot teach.")),
    "deep-relu": ("deep ReLU", {"layers_dims": DEEP, "initializations": ("he", "xavier"),
                                "num_iterations": 2000}, (
        "Ten hidden ReLU layers of 64 units, He against Xavier. ReLU zeroes half its inputs, so "
        "Xavier's scale (variance 1/n) halves the signal's power at every layer: its histograms drift "
        "left row by row and leave the healthy band around layer 5. He's factor 2 makes up for it, "
        "and its rows stay put.")),
    "deep-tanh": ("deep tanh", {"layers_dims": DEEP, "activation": "tanh",
                                "initializations": ("he", "xavier"), "num_iterations": 2000}, (
        "The same ten layers with tanh. Tanh keeps both signs and is linear near 0, so Xavier's "
        "variance 1/n is the scale that holds the signal steady. He's extra factor 2 pushes more "
        "units towards tanh's flat ends at ±1: look at the rightmost bins.")),
    "exploding": ("exploding", {"layers_dims": DEEP, "initializations": ("random", "he"),
                                "random_scale": 1.0, "cost": "stable", "num_iterations": 2000}, (
        "Plain unscaled normal weights (randn × 1) in ten ReLU layers of 64, beside He. Each layer "
        "multiplies the signal by about √(64/2) ≈ 5.7, so by layer 10 activations are tens of "
        "millions: look at iteration 0. The first gradient step overflows and leaves every layer dead.")),
}


def names():
    """Scenario names, the lesson first."""
    return tuple(_SCENARIOS)


def _get(name):
    if name not in _SCENARIOS:
        raise ValueError(f"scenario must be one of {', '.join(_SCENARIOS)}; got {name!r}")
    return _SCENARIOS[name]


def config(name):
    """The scenario's Config."""
    return Config(**_get(name)[1])


def describe(name):
    """What to look for, in two or three sentences."""
    return _get(name)[2]


def title(name):
    """A short label for a button."""
    return _get(name)[0]


def find(settings):
    """The name of the scenario whose Config equals `settings`, or None."""
    return next((name for name in _SCENARIOS if config(name) == settings), None)
