"""Text boxes for numbers, parsed in Python: the box always shows what was typed (IntText's own
parsing turned `1e9` into 19), and every bad value gets a message naming the field by its label
and the allowed range. SliderText pairs such a box with a slider."""
import contextlib
import math
import numbers
import re

import ipywidgets as widgets
import traitlets

_WHOLE = re.compile(r"[+-]?(\d+|\d{1,3}(,\d{3})+)")  # 15000 or 15,000; never 1,5


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
        """The box for a declared Config field (core/fields.py): its label, range and tooltip."""
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
