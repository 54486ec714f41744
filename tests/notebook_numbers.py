"""Compare a notebook's printed numbers with the stored ones at a stated precision.

nbval compares text exactly, which is right for numbers every CPU computes the same way
(the zeros run, accuracies, shapes) and wrong for the last digits of BLAS sums, which
depend on the CPU's OpenBLAS kernel. Cells tagged NUMBERS_TAG carry their precision in
their metadata, ``{"initlab": {"rtol": 1e-10, "atol": 0, "why": "..."}}``, and are compared
here: the text around the numbers must match exactly, each number within rtol relative or
atol absolute (a cell printing rounded values states one unit of its last printed digit,
since rounding can flip there), and inf/nan exactly. Lines starting with EXACT_PREFIXES are
held to EXACT_RTOL and no atol, whatever the cell states.
"""
import math
import re

NUMBERS_TAG = "initlab-numbers"
EXACT_RTOL = 1e-10          # "essentially exact": 10 significant digits
EXACT_PREFIXES = ("Accuracy:",)
NUMBER = re.compile(r"[-+]?(?:\d+\.\d*|\.\d+|\d+)(?:[eE][-+]?\d+)?|[-+]?\binf\b|\bnan\b")


def stream_text(cell):
    return "".join(o.get("text", "") for o in cell.get("outputs", []) if o.get("output_type") == "stream")


def cell_rtol(cell):
    return float(cell["metadata"]["initlab"]["rtol"])


def cell_atol(cell):
    return float(cell["metadata"]["initlab"].get("atol", 0.0))


def numbers_match(stored, fresh, rtol, atol=0.0):
    if stored == fresh:
        return True
    a, b = float(stored), float(fresh)
    if not (math.isfinite(a) and math.isfinite(b)):
        return False  # inf and nan only match themselves (string equality above)
    # the 1e-9 slack absorbs the float error of the subtraction itself
    return abs(a - b) <= max(rtol * max(abs(a), abs(b)), atol) * (1 + 1e-9)


def compare_text(stored, fresh, rtol, atol=0.0):
    """The lines where `fresh` differs from `stored` beyond rtol/atol: [(stored line, fresh line, why)]."""
    problems = []
    stored_lines, fresh_lines = stored.splitlines(), fresh.splitlines()
    if len(stored_lines) != len(fresh_lines):
        problems.append((f"{len(stored_lines)} lines", f"{len(fresh_lines)} lines", "line count differs"))
    for s, f in zip(stored_lines, fresh_lines):
        exact = s.startswith(EXACT_PREFIXES)
        line_rtol, line_atol = (EXACT_RTOL, 0.0) if exact else (rtol, atol)
        if NUMBER.sub("#", s) != NUMBER.sub("#", f):
            problems.append((s, f, "text differs"))
            continue
        for a, b in zip(NUMBER.findall(s), NUMBER.findall(f)):
            if not numbers_match(a, b, line_rtol, line_atol):
                problems.append((s, f, f"{a} vs {b} beyond rtol {line_rtol:g} / atol {line_atol:g}"))
                break
    return problems


def numbers_cells(nb):
    return [c for c in nb["cells"] if c["cell_type"] == "code" and NUMBERS_TAG in c["metadata"].get("tags", [])]


def compare_notebooks(stored_nb, fresh_nb):
    """Every NUMBERS_TAG cell of stored_nb against the same cell (by id) of fresh_nb."""
    fresh = {c.get("id"): c for c in fresh_nb["cells"]}
    report = {}
    for cell in numbers_cells(stored_nb):
        other = fresh.get(cell.get("id"))
        if other is None:
            report[cell.get("id")] = [("", "", "cell missing from the fresh run")]
            continue
        problems = compare_text(stream_text(cell), stream_text(other), cell_rtol(cell), cell_atol(cell))
        if problems:
            report[cell.get("id")] = problems
    return report
