"""Colours, chosen to stay distinguishable with the common colour-vision deficiencies.

Every colour that draws text (legends, labels, table swatches) has at least 4.5:1 contrast
on white (WCAG AA for text; tests/test_palette.py computes it).
"""
from ..core.schemes import SCHEMES

# Each named scheme's colour is in its record (core/schemes.py); custom initializers take
# Okabe–Ito's other hues, darkened likewise to reach 4.5:1.
EXTRA_COLORS = ("#BB4D8A", "#9C6C00", "#177AB2", "#80770A")


def scheme_colors(names):
    """A colour per initialization name; custom ones take the spare colours in order."""
    spare = iter(EXTRA_COLORS * (1 + len(names) // len(EXTRA_COLORS)))
    return [SCHEMES[n].color if n in SCHEMES else next(spare) for n in names]


# Decision boundary: blue = class 0, orange = class 1 (a diverging scheme, not red/green).
# The points also differ by marker shape (views/boundary.py), so greyscale keeps them apart.
BOUNDARY_COLORS = ["#92c5de", "#f7f7f7", "#fdb863"]  # probability of class 1: 0, 0.5, 1
POINT_COLORS = ["#2166ac", "#b35806"]  # class 0, class 1

# A saved figure carries no page CSS: bqplot's legend box would be filled black, hiding the
# black "zeros" line. An inline style travels with the SVG (and the PNG drawn from it).
LEGEND_STYLE = {"fill": "white", "fill-opacity": 0.9, "stroke": "#767676", "stroke-width": 1}


def contrast(color, background="#ffffff"):
    """WCAG 2 contrast ratio of two #rrggbb colours (1 to 21)."""
    def luminance(hex_color):
        channels = [int(hex_color.lstrip("#")[i:i + 2], 16) / 255 for i in (0, 2, 4)]
        r, g, b = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * r + 0.7152 * g + 0.0722 * b
    hi, lo = sorted([luminance(color), luminance(background)], reverse=True)
    return (hi + 0.05) / (lo + 0.05)
