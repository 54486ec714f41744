"""Colours, chosen to stay distinguishable with the common colour-vision deficiencies."""

# Okabe–Ito colours, one per initialization, fixed by name so a scheme keeps its colour.
SCHEME_COLORS = {"zeros": "#000000", "random": "#D55E00", "he": "#0072B2", "xavier": "#009E73"}
EXTRA_COLORS = ("#CC79A7", "#E69F00", "#56B4E9", "#F0E442")


def scheme_colors(names):
    """A colour per initialization name; custom ones take the spare colours in order."""
    spare = iter(EXTRA_COLORS * (1 + len(names) // len(EXTRA_COLORS)))
    return [SCHEME_COLORS[n] if n in SCHEME_COLORS else next(spare) for n in names]


# Decision boundary: blue = class 0, orange = class 1 (a diverging scheme, not red/green).
BOUNDARY_COLORS = ["#92c5de", "#f7f7f7", "#fdb863"]  # probability of class 1: 0, 0.5, 1
POINT_COLORS = ["#2166ac", "#b35806"]  # class 0, class 1
