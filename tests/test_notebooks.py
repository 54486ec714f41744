"""How nbval checks the notebooks: which cells are compared, what is sanitized, and that a
changed digit in a stored cost line fails the suite.

nbval itself runs the notebooks (see [tool.pytest.ini_options] in pyproject.toml).
"""
import re
import subprocess
import sys
import tomllib
import xml.etree.ElementTree as ET
from pathlib import Path

import nbformat
import pytest
from nbval.plugin import get_sanitize_patterns

from notebook_numbers import NUMBERS_TAG

REPO = Path(__file__).resolve().parents[1]
LECTURE = REPO / "notebooks" / "lecture.ipynb"
EXERCISES = REPO / "notebooks" / "exercises.ipynb"
SANITIZE = REPO / "tests" / "nbval_sanitize.cfg"
CHECKED = "nbval-check-output"
NUMBERS = re.compile(r"Cost after iteration|Accuracy:")


def code_cells(path):
    return [c for c in nbformat.read(path, as_version=4).cells if c.cell_type == "code"]


def checked(cell):
    return CHECKED in cell.metadata.get("tags", [])


def numbers_checked(cell):
    """Compared as text by nbval (exact on every CPU) or at a stated precision (test_lecture_numbers)."""
    return checked(cell) or NUMBERS_TAG in cell.metadata.get("tags", [])


def text(cell):
    return "".join(o.get("text", "") for o in cell.outputs if o.output_type == "stream")


def sanitize(s, patterns):
    for regex, replace in patterns:
        s = re.sub(regex, replace, s)
    return s


@pytest.fixture(scope="module")
def patterns():
    found = get_sanitize_patterns(SANITIZE.read_text())
    assert found, "no regex/replace pairs in the sanitize file"
    return found


def test_pytest_runs_nbval_lax_with_the_sanitize_file():
    addopts = tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["pytest"]["ini_options"]["addopts"]
    assert "--nbval-lax" in addopts and "--nbval-current-env" in addopts
    assert f"--nbval-sanitize-with={SANITIZE.relative_to(REPO)}" in addopts


@pytest.mark.parametrize("init", ["zeros", "random", "he"])
def test_each_lecture_run_is_stored_and_checked(init):
    runs = [c for c in code_cells(LECTURE) if f'initialization="{init}"' in c.source]
    assert len(runs) == 1
    cell = runs[0]
    assert numbers_checked(cell)
    lines = text(cell).splitlines()
    costs = [l for l in lines if l.startswith("Cost after iteration")]
    assert [int(l.split()[3].rstrip(":")) for l in costs] == list(range(0, 15000, 1000))
    assert sum(l.startswith("Accuracy: ") for l in lines) == 2  # train and test


def test_every_lecture_cell_printing_lesson_numbers_is_checked_and_plain_text():
    cells = code_cells(LECTURE)
    assert all(c.execution_count is not None for c in cells), "lecture.ipynb is stored unexecuted"
    for cell in cells:
        if NUMBERS.search(text(cell)):
            assert numbers_checked(cell), cell.source
    for cell in filter(numbers_checked, cells):
        assert cell.outputs and all(o.output_type == "stream" for o in cell.outputs), cell.source


def test_lecture_draws_its_figures_and_embeds_the_lab():
    cells = code_cells(LECTURE)
    views = [c for c in cells if any("application/vnd.jupyter.widget-view+json" in o.get("data", {})
                                     for o in c.outputs)]
    assert sum("boundary_figure(parameters_" in c.source for c in views) == 3
    assert code_cells(LECTURE)[-1].source.strip() == "InitLab()"
    state = nbformat.read(LECTURE, as_version=4).metadata["widgets"]
    models = state["application/vnd.jupyter.widget-state+json"]["state"]
    kinds = {m["model_name"] for m in models.values()}
    assert {"HeatMapModel", "ScatterModel", "FigureModel"} <= kinds  # stored, so it renders offline


def test_lecture_stores_static_figures_only_and_stays_small():
    """The live lab's widgets are not stored (a dead snapshot offline, and most of the file)."""
    assert LECTURE.stat().st_size < 150 * 1024
    nb = nbformat.read(LECTURE, as_version=4)
    [live] = [c for c in code_cells(LECTURE) if "initlab-live" in c.metadata.get("tags", [])]
    assert live.source.strip() == "InitLab()"
    assert not any("application/vnd.jupyter.widget-view+json" in o.get("data", {}) for o in live.outputs)
    models = nb.metadata["widgets"]["application/vnd.jupyter.widget-state+json"]["state"]
    assert not {"ButtonModel", "FloatLogSliderModel", "CheckboxModel"} & {m["model_name"] for m in models.values()}


@pytest.mark.parametrize("path", [LECTURE, EXERCISES], ids=lambda p: p.name)
def test_sanitizing_leaves_every_checked_output_alone(path, patterns):
    outputs = [text(c) for c in code_cells(path) if checked(c)]
    assert outputs
    for out in outputs:
        assert sanitize(out, patterns) == out


@pytest.mark.parametrize("raw, masked", [
    ("trained in 0.48 s", "trained in <DURATION>"),
    ("took 12 ms, then 1.5 seconds", "took <DURATION>, then <DURATION>"),
    ("iteration 7,000 · 21k it/s", "iteration 7,000 · <SPEED>"),
    ("started 09:14:55", "started <CLOCK>"),
    ("<Figure object at 0x7f3a2b9c10d0>", "<Figure object at <ADDRESS>>"),
    ("model 3f2a6c1e-0b4d-4c55-9a51-1f7e0c2d9b8a", "model <UUID>"),
    ("comm 0123456789abcdef0123456789abcdef", "comm <ID>"),
])
def test_sanitizing_masks_timings_and_ids(raw, masked, patterns):
    assert sanitize(raw, patterns) == masked


@pytest.mark.parametrize("line", [
    "Cost after iteration 14000: 0.07357895962677366",
    "Cost after iteration 0: inf",
    "Accuracy: 0.9933333333333333",
    "he: std of each layer's activations [0.518 0.471]",
    "15,000 iterations, min 0.5  max 0.5, 300 of 300",
])
def test_sanitizing_keeps_numbers(line, patterns):
    assert sanitize(line, patterns) == line


def test_a_changed_digit_in_a_stored_cost_line_fails(tmp_path):
    """nbval, with the project's pytest options, on a trimmed copy of the lecture: setup,
    data, the zeros run as stored, and the zeros run again with one digit of one stored
    cost line changed. Only that last cell fails."""
    nb = nbformat.read(LECTURE, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    zeros = [c for c in code if 'initialization="zeros"' in c.source]
    assert len(zeros) == 1
    changed = nbformat.from_dict(zeros[0])
    line = "Cost after iteration 5000: 0.6931471805599453"
    assert line in changed.outputs[0].text
    changed.outputs[0].text = changed.outputs[0].text.replace(line, line[:-1] + "4")
    nb.cells = code[:2] + zeros + [changed]
    nbformat.write(nb, tmp_path / "trimmed.ipynb")

    # the project's pytest options, verbatim, in a directory that holds only the copy
    (tmp_path / "pyproject.toml").write_text((REPO / "pyproject.toml").read_text())
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / SANITIZE.name).write_text(SANITIZE.read_text())
    report = tmp_path / "report.xml"
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", f"--junitxml={report}",
         "trimmed.ipynb"],
        cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert report.exists(), proc.stdout + proc.stderr
    cases = list(ET.parse(report).iter("testcase"))
    failed = [c.get("name") for c in cases
              if c.find("failure") is not None or c.find("error") is not None]
    assert len(cases) == 4, proc.stdout
    assert failed == ["Cell 3"], proc.stdout
    assert "Cell outputs differ" in proc.stdout and "mismatch 'stdout'" in proc.stdout
    assert proc.returncode == 1
