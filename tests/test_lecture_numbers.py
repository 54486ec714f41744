"""The lecture's stored numbers hold on this machine's BLAS kernel and on a second one.

Cells tagged "initlab-numbers" state their precision in their metadata (see
tests/notebook_numbers.py); the rest of the lecture's numbers are exact on every kernel
and nbval compares them as text (tag "nbval-check-output").
"""
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from blas_kernels import architecture, kernel_choices
from notebook_numbers import (EXACT_RTOL, NUMBERS_TAG, cell_rtol, compare_notebooks, compare_text,
                              numbers_cells, stream_text)

REPO = Path(__file__).resolve().parents[1]
LECTURE = REPO / "notebooks" / "lecture.ipynb"
RUNNER = REPO / "tests" / "run_notebook.py"
CHOICES = kernel_choices()


@pytest.fixture(scope="module")
def stored():
    return nbformat.read(LECTURE, as_version=4)


@pytest.fixture(scope="module")
def fresh(tmp_path_factory):
    """The lecture executed once under each kernel choice, both at the same time."""
    out = tmp_path_factory.mktemp("lecture")
    procs = {}
    for i, (label, env) in enumerate(CHOICES):
        target = out / f"lecture-{i}.ipynb"
        procs[label] = (target, subprocess.Popen([sys.executable, str(RUNNER), str(LECTURE), str(target)],
                                                 env=env, cwd=REPO, stdout=subprocess.PIPE,
                                                 stderr=subprocess.STDOUT, text=True))
    runs = {}
    for label, (target, proc) in procs.items():
        log, _ = proc.communicate(timeout=600)
        assert proc.returncode == 0, f"lecture failed under {label}:\n{log[-4000:]}"
        runs[label] = nbformat.read(target, as_version=4)
    return runs


def test_the_two_choices_are_different_kernels():
    (_, a), (_, b) = CHOICES
    assert architecture(a) != architecture(b)


@pytest.mark.parametrize("label", [label for label, _ in CHOICES])
def test_stored_numbers_hold(stored, fresh, label):
    report = compare_notebooks(stored, fresh[label])
    assert not report, f"under {label} ({architecture(dict(CHOICES)[label])}):\n" + "\n".join(
        f"  {why}\n    stored: {s}\n    fresh:  {f}" for problems in report.values() for s, f, why in problems)


def test_each_numbers_cell_states_why_and_a_tight_enough_precision(stored):
    cells = numbers_cells(stored)
    assert len(cells) >= 4
    for cell in cells:
        assert cell.metadata["initlab"]["why"].strip()
        assert 0 < cell_rtol(cell) <= 2e-2
        if 'initialization="he"' in cell.source:
            assert cell_rtol(cell) <= EXACT_RTOL  # He is held to 10 significant digits


def _he_cell(nb):
    [cell] = [c for c in numbers_cells(nb) if 'initialization="he"' in c.source]
    return cell


def test_a_change_in_the_sixth_decimal_of_a_he_cost_fails(stored, fresh):
    label = CHOICES[0][0]
    text = stream_text(_he_cell(stored))
    line = next(l for l in text.splitlines() if l.startswith("Cost after iteration 4000: "))
    value = line.split(": ")[1]                       # 0.6082958970572938
    digit = value[7]                                  # the 6th decimal
    changed = value[:7] + str((int(digit) + 1) % 10) + value[8:]
    assert compare_text(text, stream_text(_he_cell(fresh[label])), cell_rtol(_he_cell(stored))) == []
    problems = compare_text(text.replace(line, line.replace(value, changed)),
                            stream_text(_he_cell(fresh[label])), cell_rtol(_he_cell(stored)))
    assert [p[0] for p in problems] == [line.replace(value, changed)]


def test_accuracies_are_exact_even_in_the_chaotic_run(stored):
    [cell] = [c for c in numbers_cells(stored) if 'initialization="random"' in c.source]
    text = stream_text(cell)
    assert "Accuracy: 0.83" in text
    assert compare_text(text, text.replace("Accuracy: 0.83", "Accuracy: 0.8300001"), cell_rtol(cell))


@pytest.mark.parametrize("stored_text, fresh_text, rtol, atol, ok", [
    ("cost inf", "cost inf", 1e-10, 0, True),
    ("cost inf", "cost 1e308", 1e-2, 0, False),
    ("iteration 100: 3.8894", "iteration 100: 3.8895", 1e-10, 1e-4, True),  # a rounded print may flip
    ("iteration 100: 3.8894", "iteration 100: 3.8896", 1e-10, 1e-4, False),
    ("iteration 100: 3.8894", "iteration 100: 3.8895", 1e-10, 0, False),
    ("0.6082958970572938", "0.6082958970572937", 1e-10, 0, True),
    ("0.6082958970572938", "0.6082958980572938", 1e-10, 0, False),
    ("0.4703309269031903", "0.4781946784824744", 2e-2, 0, True),
    ("0.4703309269031903", "0.4803309269031903", 2e-2, 0, False),
    ("Accuracy: 0.83", "Accuracy: 0.8300001", 2e-2, 1e-2, False),  # accuracies always exact
    ("300 of 300", "299 of 300", 1e-10, 0, False),
    ("stuck at ln 2", "stuck at ln 3", 1e-10, 0, False),
    ("a\nb", "a", 1e-10, 0, False),
])
def test_compare_text(stored_text, fresh_text, rtol, atol, ok):
    assert (compare_text(stored_text, fresh_text, rtol, atol) == []) is ok
