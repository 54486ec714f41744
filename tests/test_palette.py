"""Colours that draw text reach WCAG AA (4.5:1 on white); the contrast function is checked
against WCAG's own reference points."""
import pytest

from initlab.ui.a11y import FOCUS
from initlab.ui.palette import EXTRA_COLORS, POINT_COLORS, SCHEME_COLORS, contrast


def test_contrast_matches_wcag_reference_values():
    assert contrast("#000000") == pytest.approx(21.0)
    assert contrast("#ffffff") == pytest.approx(1.0)
    assert contrast("#767676") == pytest.approx(4.54, abs=0.01)  # the classic lightest AA grey
    assert contrast("#D55E00") == pytest.approx(3.87, abs=0.01)  # the 3.9:1 orange
    assert contrast("#009E73") == pytest.approx(3.42, abs=0.01)  # and its 3.4:1 green


@pytest.mark.parametrize("color", [*SCHEME_COLORS.values(), *EXTRA_COLORS, *POINT_COLORS])
def test_text_colours_reach_4_5_to_1_on_white(color):
    assert contrast(color) >= 4.5, f"{color} is {contrast(color):.2f}:1"


def test_scheme_colours_are_distinct():
    colors = [c.lower() for c in [*SCHEME_COLORS.values(), *EXTRA_COLORS]]
    assert len(set(colors)) == len(colors)


def test_focus_ring_reaches_3_to_1_on_white():
    assert contrast(FOCUS) >= 3.0
