"""Colours that draw text reach WCAG AA (4.5:1 on white); the contrast function is checked
against WCAG's own reference points."""
import pytest

from initlab.ui.a11y import FOCUS
from initlab.ui.palette import EXTRA_COLORS, POINT_COLORS, contrast


def test_contrast_matches_wcag_reference_values():
    assert contrast("#000000") == pytest.approx(21.0)
    assert contrast("#ffffff") == pytest.approx(1.0)
    assert contrast("#767676") == pytest.approx(4.54, abs=0.01)  # the classic lightest AA grey
    assert contrast("#D55E00") == pytest.approx(3.87, abs=0.01)  # the 3.9:1 orange
    assert contrast("#009E73") == pytest.approx(3.42, abs=0.01)  # and its 3.4:1 green


@pytest.mark.parametrize("color", [*EXTRA_COLORS, *POINT_COLORS])  # schemes': test_schemes.py
def test_text_colours_reach_4_5_to_1_on_white(color):
    assert contrast(color) >= 4.5, f"{color} is {contrast(color):.2f}:1"


def test_focus_ring_reaches_3_to_1_on_white():
    assert contrast(FOCUS) >= 3.0
    assert round(contrast(FOCUS), 1) == 8.3  # as a11y.py and docs/accessibility.md state
    assert round(contrast("#64b5f6"), 1) == 2.2  # the theme's ring it replaces, as a11y.py states
