"""notebooks/exercises.ipynb, solved: the blank notebook with each exercise cell (the one that
defines a function and says "# YOUR CODE HERE") replaced by its reference solution (tests/exercise_solutions.py), executed top to bottom.

(nbval runs the blank notebook itself: its checks must say "not implemented yet".)
"""
import re

import nbformat
import numpy as np
import pytest
from nbclient import NotebookClient

from exercise_solutions import SOLUTIONS
from test_notebooks import EXERCISES, REPO

ARTIFACT = REPO / "tests" / "artifacts" / "exercises_solved.ipynb"


def defined_function(source):
    m = re.search(r"^def (\w+)\(", source, flags=re.MULTILINE)
    return m.group(1) if m else None


def exercise_cells(nb):
    """{function name: cell} for the cells the learner writes in."""
    return {defined_function(c.source): c for c in nb.cells
            if c.cell_type == "code" and "# YOUR CODE HERE" in c.source}


def solved(nb):
    """A copy of the blank notebook with the solutions put in and the outputs cleared."""
    nb = nbformat.from_dict(nb)
    cells = exercise_cells(nb)
    assert sorted(cells) == sorted(SOLUTIONS)
    for name, cell in cells.items():
        cell.source = SOLUTIONS[name].rstrip("\n")
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    return nb


@pytest.fixture(scope="module")
def blank():
    return nbformat.read(EXERCISES, as_version=4)


@pytest.fixture(scope="module")
def solved_run(blank):
    nb = solved(blank)
    NotebookClient(nb, timeout=300, kernel_name="python3",
                   resources={"metadata": {"path": str(EXERCISES.parent)}}).execute()
    ARTIFACT.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, ARTIFACT)  # to look at after a failure
    return nb


def outputs_of(nb, call):
    cells = [c for c in nb.cells if c.cell_type == "code"
             and any(line.startswith(call) for line in c.source.splitlines())]
    assert len(cells) == 1, call
    return cells[0].outputs


def plain(outputs):
    return "".join(o.get("text", "") + o.get("data", {}).get("text/plain", "") for o in outputs)


def test_blank_has_one_solution_cell_per_exercise_and_each_raises(blank):
    cells = exercise_cells(blank).values()
    assert sorted(defined_function(c.source) for c in cells) == sorted(SOLUTIONS)
    for cell in cells:
        namespace = {"np": np}
        exec(cell.source, namespace)
        with pytest.raises(NotImplementedError):
            namespace[defined_function(cell.source)]([2, 10, 5, 1])


def test_blank_checks_say_not_implemented_yet(blank):
    for kind in ("zeros", "random", "he"):
        out = plain(outputs_of(blank, f"feedback = check_{kind}("))
        assert out.startswith(f"initialize_parameters_{kind}: not implemented yet.")
    lab = plain(outputs_of(blank, "if ready_for_lab("))
    assert "initialize_parameters_he is not implemented yet" in lab


def test_solved_notebook_runs_without_errors(solved_run):
    for cell in solved_run.cells:
        if cell.cell_type == "code":
            assert all(o.output_type != "error" for o in cell.outputs), cell.source


@pytest.mark.parametrize("kind", ["zeros", "random", "he"])
def test_solved_checks_pass(solved_run, kind):
    out = plain(outputs_of(solved_run, f"feedback = check_{kind}("))
    assert out.startswith(f"initialize_parameters_{kind}: all checks passed."), out


def test_solved_lab_cell_shows_the_lab_with_the_learners_function(solved_run):
    outputs = outputs_of(solved_run, "if ready_for_lab(")
    views = [o for o in outputs if "application/vnd.jupyter.widget-view+json" in o.get("data", {})]
    assert len(views) == 1, plain(outputs)
    assert plain(views).startswith("InitLab(")
    assert "not implemented" not in plain(outputs)


def test_solved_lab_draws_a_panel_for_the_learners_function(solved_run):
    state = solved_run.metadata["widgets"]["application/vnd.jupyter.widget-state+json"]["state"]
    titles = {m["state"].get("title") for m in state.values() if m["model_name"] == "FigureModel"}
    assert "initialize_parameters_he" in titles
