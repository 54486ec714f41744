"""The initialization schemes: one record per scheme, the only place their facts live.

Every scheme draws W of layer l as randn(layers_dims[l], layers_dims[l-1]) * scale and sets
the biases to zero (core/initializers.py); a scheme is its rule for that scale. The lesson
grades zeros, random (×10) and He, each seeded with np.random.seed(3), and mentions Xavier.
"""
import math
from dataclasses import dataclass
from typing import Callable, Optional

LESSON_SEED = 3  # np.random.seed(3) in each of the lesson's initializers
DEFAULT_RANDOM_SCALE = 10.0  # the lesson's "large random": randn(...) * 10


@dataclass(frozen=True)
class Scheme:
    name: str  # what Config, links and the lesson's function names use
    label: str  # legends and tables; {random_scale:g} is filled in
    short_label: str  # a checkbox, where the random scale has its own box
    formula: str  # the lesson's words for the scale; {random_scale:g} is filled in
    scale: Optional[Callable]  # (n_prev, random_scale) -> scale; None: all zeros, nothing drawn
    takes_random_scale: bool  # whether Config.random_scale changes it
    in_lesson: bool  # one of the lesson's graded initializers (the default comparison)
    color: str  # its line and swatch: at least 4.5:1 on white (text), colour-blind safe

    @property
    def draws(self):
        """False for zeros: every W is 0 and no random number is drawn."""
        return self.scale is not None

    def label_for(self, random_scale=DEFAULT_RANDOM_SCALE):
        return self.label.format(random_scale=random_scale)

    def formula_for(self, random_scale=DEFAULT_RANDOM_SCALE):
        return self.formula.format(random_scale=random_scale)

    def scale_for(self, n_prev, random_scale=DEFAULT_RANDOM_SCALE):
        """The factor W of a layer fed by n_prev units is drawn with (0 for zeros)."""
        return 0.0 if self.scale is None else self.scale(n_prev, random_scale)


# Colours: Okabe–Ito hues, fixed by name so a scheme keeps its colour in every figure; the
# orange and green are darkened from #D55E00 (3.9:1) and #009E73 (3.4:1) to reach 4.5:1.
SCHEMES = {s.name: s for s in (
    Scheme("zeros", "zeros", "zeros", "0", None,
           takes_random_scale=False, in_lesson=True, color="#000000"),
    Scheme("random", "random ×{random_scale:g}", "random", "{random_scale:g}",
           lambda n_prev, random_scale: random_scale,
           takes_random_scale=True, in_lesson=True, color="#BE5400"),
    Scheme("he", "He", "He", "sqrt(2 / layers_dims[l-1])",
           lambda n_prev, random_scale: math.sqrt(2.0 / n_prev),
           takes_random_scale=False, in_lesson=True, color="#0072B2"),
    Scheme("xavier", "Xavier", "Xavier", "sqrt(1 / layers_dims[l-1])",
           lambda n_prev, random_scale: math.sqrt(1.0 / n_prev),
           takes_random_scale=False, in_lesson=False, color="#008460"),
)}

NAMES = tuple(SCHEMES)
LESSON_NAMES = tuple(s.name for s in SCHEMES.values() if s.in_lesson)


def check_name(name):
    if name not in SCHEMES:
        raise ValueError(f"initialization must be one of {', '.join(NAMES)} "
                         f"or a function of layers_dims; got {name!r}")


def label(name, random_scale=DEFAULT_RANDOM_SCALE):
    """A scheme's label; a custom initializer is labelled by its name."""
    return SCHEMES[name].label_for(random_scale) if name in SCHEMES else name


def short_label(name):
    return SCHEMES[name].short_label if name in SCHEMES else name


def takes_random_scale(name):
    return name in SCHEMES and SCHEMES[name].takes_random_scale
