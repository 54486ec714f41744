"""The exercises as an nbgrader assignment, graded through nbgrader's own command line in a
temporary course directory: generate_assignment, autograde of six submissions (the reference
solutions, the release untouched, three typical mistakes, a deleted check cell) and
generate_feedback. Every expected score is computed from the points in the source notebook.

The same module checks that notebooks/exercises.ipynb (the self-study version: the release
with checks that print instead of failing) is what `python -m initlab.assignment.learner`
makes from the source, so the two cannot drift apart.
"""
import copy
import html
import re
import subprocess
import sys

import nbformat
import numpy as np
import pytest
from nbgrader.api import Gradebook

from exercise_solutions import SOLUTIONS, solution_cells
from initlab import exercises
from initlab.assignment import ASSIGNMENT, NOTEBOOK, SOURCE, nbgrader
from initlab.assignment.learner import ASSERT, from_release, self_study
from test_notebooks import EXERCISES

KINDS = ("zeros", "random", "he")
SEED_ONCE = "    np.random.seed(3)\n"
LOOP = "    for l in range(1, L):\n"


def nbgrader_meta(cell):
    return cell.metadata.get("nbgrader", {})


SOURCE_NB = nbformat.read(SOURCE, as_version=4)
POINTS = {nbgrader_meta(c)["grade_id"]: nbgrader_meta(c)["points"]
          for c in SOURCE_NB.cells if nbgrader_meta(c).get("grade")}
TOTAL = sum(POINTS.values())


def check_cell(kind):
    return f"check_{kind}"


def function(kind):
    return f"initialize_parameters_{kind}"


def edited(kind, *edits):
    """The reference solution of `kind` with each (old, new) replacement made (old must occur)."""
    source = SOLUTIONS[function(kind)]
    for old, new in edits:
        assert old in source, (kind, old)
        source = source.replace(old, new)
    return source


SEED_IN_LOOP = ((SEED_ONCE, ""), (LOOP, LOOP + "    " + SEED_ONCE))

# student id -> (solution source per function, or None for the release as it is; the
# functions that are wrong; the check cells the learner deleted)
SUBMISSIONS = {
    "reference": ({}, set(), set()),
    "untouched": (None, set(KINDS), set()),
    "he-xavier-scale": ({"he": edited("he", ("np.sqrt(2 /", "np.sqrt(1 /"))}, {"he"}, set()),
    "random-without-x10": ({"random": edited("random", (") * 10\n", ")\n"))}, {"random"}, set()),
    "seed-inside-the-loop": ({"random": edited("random", *SEED_IN_LOOP),
                              "he": edited("he", *SEED_IN_LOOP)}, {"random", "he"}, set()),
    "deleted-check-he": ({}, set(), {check_cell("he")}),
}
MISTAKES = {  # student id -> (the functions it gets wrong, words their feedback must contain)
    "he-xavier-scale": (("he",), "Xavier's scale"),
    "random-without-x10": (("random",), "scaled by 1;"),
    "seed-inside-the-loop": (("random", "he"), "called inside the loop"),
}


def expected_score(student):
    _, wrong, deleted = SUBMISSIONS[student]
    lost = {check_cell(k) for k in wrong} | deleted
    return sum(p for cell, p in POINTS.items() if cell not in lost)


def submission(release, student):
    sources, _, deleted = SUBMISSIONS[student]
    nb = copy.deepcopy(release)
    if sources is not None:
        for name, cell in solution_cells(nb).items():
            kind = name.removeprefix("initialize_parameters_")
            cell.source = sources.get(kind, SOLUTIONS[name])
    nb.cells = [c for c in nb.cells if nbgrader_meta(c).get("grade_id") not in deleted]
    return nb


def feedback_of(kind, source):
    """What initlab.exercises says about this solution source, computed here, in-process."""
    namespace = {"np": np}
    exec(source, namespace)
    return exercises.check(kind, namespace[function(kind)])


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    root = tmp_path_factory.mktemp("course")
    made = subprocess.run([sys.executable, "-m", "initlab.assignment", root],
                          capture_output=True, text=True)
    release_path = root / "release" / ASSIGNMENT / NOTEBOOK
    assert made.returncode == 0 and f"generated {release_path}" in made.stdout, made.stderr
    release = nbformat.read(release_path, as_version=4)
    for student in SUBMISSIONS:
        folder = root / "submitted" / student / ASSIGNMENT
        folder.mkdir(parents=True)
        nbformat.write(submission(release, student), folder / NOTEBOOK)
    autograde = nbgrader("autograde", ASSIGNMENT, course_dir=root)
    feedback = nbgrader("generate_feedback", ASSIGNMENT, course_dir=root)
    return {"root": root, "release_path": release_path, "release": release,
            "autograde": autograde, "feedback": feedback}


def graded(course, student):
    return nbformat.read(course["root"] / "autograded" / student / ASSIGNMENT / NOTEBOOK, as_version=4)


def cell_scores(course, student):
    with Gradebook(f"sqlite:///{course['root'] / 'gradebook.db'}") as gb:
        nb = gb.find_submission_notebook(NOTEBOOK.removesuffix(".ipynb"), ASSIGNMENT, student)
        return {g.name: g.score for g in nb.grades}


def feedback_text(course, student):
    page = (course["root"] / "feedback" / student / ASSIGNMENT / NOTEBOOK.replace(".ipynb", ".html"))
    return html.unescape(re.sub(r"<[^>]+>", "", page.read_text()))


# --- the source and its release --------------------------------------------------------

def test_source_has_a_locked_check_with_points_and_hidden_tests_per_function():
    assert sorted(solution_cells(SOURCE_NB)) == sorted(function(k) for k in KINDS)
    for kind in KINDS:
        [cell] = [c for c in SOURCE_NB.cells if nbgrader_meta(c).get("grade_id") == check_cell(kind)]
        assert nbgrader_meta(cell)["locked"] and POINTS[check_cell(kind)] > 0
        hidden = cell.source.split("### BEGIN HIDDEN TESTS")[1]
        assert "[3, 1, 2]" in hidden and "[64] * 10" in hidden
    for cell in SOURCE_NB.cells:
        if cell.cell_type == "markdown":
            assert nbgrader_meta(cell)["locked"], cell.source[:60]


def test_the_instructions_state_the_points_the_checks_carry():
    intro = SOURCE_NB.cells[0].source.replace("\n", " ")
    zeros, random, he = (POINTS[check_cell(k)] for k in KINDS)
    assert f"Zeros is worth {zeros} points, random {random} and He {he}" in intro


def test_the_lab_cell_is_ungraded_and_editable():
    [lab] = [c for c in SOURCE_NB.cells if "ready_for_lab(" in c.source and "InitLab(" in c.source]
    assert not nbgrader_meta(lab)


def test_the_release_hides_the_solutions_and_the_hidden_tests(course):
    text = "\n".join(c.source for c in course["release"].cells)
    assert "### BEGIN" not in text and "[3, 1, 2]" not in text
    for cell in solution_cells(course["release"]).values():
        assert cell.source.endswith('"""\n    # YOUR CODE HERE\n    raise NotImplementedError()')
    for cell in course["release"].cells:
        if nbgrader_meta(cell).get("locked"):
            assert cell.metadata["editable"] is False and cell.metadata["deletable"] is False


def test_the_release_checks_fail_and_the_learner_checks_only_print(course):
    learner = nbformat.read(EXERCISES, as_version=4)
    for kind in KINDS:
        [graded_check] = [c for c in course["release"].cells
                          if nbgrader_meta(c).get("grade_id") == check_cell(kind)]
        [study_check] = [c for c in learner.cells if f"feedback = check_{kind}(" in c.source]
        assert ASSERT in graded_check.source.splitlines()
        assert study_check.source.splitlines() == [
            line for line in graded_check.source.splitlines() if line != ASSERT]
    assert not any(nbgrader_meta(c) for c in learner.cells)


def test_a_check_cell_without_its_assert_line_is_refused(course):
    nb = copy.deepcopy(course["release"])
    [cell] = [c for c in nb.cells if nbgrader_meta(c).get("grade_id") == check_cell("he")]
    cell.source = cell.source.replace(ASSERT, "")
    with pytest.raises(ValueError, match="check cell 'check_he' must hold the line"):
        self_study(nb)


def test_the_learner_notebook_is_the_release_as_the_command_makes_it(course):
    made = from_release(course["release_path"], run_in=EXERCISES.parent)
    committed = nbformat.read(EXERCISES, as_version=4)
    assert comparable(committed) == comparable(made), (
        "notebooks/exercises.ipynb differs from what its source makes: run "
        "`python -m initlab.assignment.learner notebooks/exercises.ipynb` (or `make exercises`)")


def comparable(nb):
    """Everything but the Python version and error tracebacks (colours and frames vary)."""
    def output(o):
        if o.output_type == "error":
            return ("error", o.ename, o.evalue)
        if o.output_type == "stream":
            return ("stream", o.name, o.text)
        return (o.output_type, o.get("data", {}).get("text/plain"))
    cells = [(c.cell_type, c.get("id"), c.source, c.metadata, c.get("execution_count"),
              [output(o) for o in c.get("outputs", [])]) for c in nb.cells]
    metadata = {k: v for k, v in nb.metadata.items() if k != "language_info"}
    return metadata, cells


# --- autograde ------------------------------------------------------------------------

@pytest.mark.parametrize("student", list(SUBMISSIONS))
def test_each_submission_gets_its_score(course, student):
    scores = cell_scores(course, student)
    assert sum(scores.values()) == expected_score(student), scores


def test_scores_follow_the_points(course):
    # the computed expectations themselves: full marks, nothing, and something in between
    assert expected_score("reference") == TOTAL and expected_score("untouched") == 0
    for student in MISTAKES:
        assert 0 < expected_score(student) < TOTAL


def test_the_untouched_release_scores_zero_without_crashing(course):
    nb = graded(course, "untouched")
    errors = {nbgrader_meta(c).get("grade_id"): o for c in nb.cells for o in c.get("outputs", [])
              if o.output_type == "error"}
    assert sorted(errors) == sorted(check_cell(k) for k in KINDS)
    for kind in KINDS:
        assert errors[check_cell(kind)].evalue.startswith(f"{function(kind)}: not implemented yet.")


@pytest.mark.parametrize("student", list(MISTAKES))
def test_a_mistake_fails_with_the_feedback_that_names_it(course, student):
    kinds, words = MISTAKES[student]
    assert set(kinds) == SUBMISSIONS[student][1]
    for kind in kinds:
        expected = str(feedback_of(kind, SUBMISSIONS[student][0][kind]))
        assert words in expected
        [cell] = [c for c in graded(course, student).cells
                  if nbgrader_meta(c).get("grade_id") == check_cell(kind)]
        [error] = [o for o in cell.outputs if o.output_type == "error"]
        assert (error.ename, error.evalue) == ("AssertionError", expected)


def test_a_deleted_check_cell_scores_zero_and_is_not_put_back(course):
    """nbgrader's default (OverwriteCells.add_missing_cells = False): the missing cell's
    points are lost, the others are graded as usual, and autograde says nothing about it."""
    scores = cell_scores(course, "deleted-check-he")
    assert scores[check_cell("he")] == 0
    assert all(scores[check_cell(k)] == POINTS[check_cell(k)] for k in ("zeros", "random"))
    ids = [nbgrader_meta(c).get("grade_id") for c in graded(course, "deleted-check-he").cells]
    assert check_cell("he") not in ids
    assert "check_he" not in re.sub(r".*checksum.*", "", course["autograde"].stderr)


# --- generate_feedback ----------------------------------------------------------------

@pytest.mark.parametrize("student", list(MISTAKES))
def test_the_feedback_page_names_the_mistake(course, student):
    kinds, words = MISTAKES[student]
    page = feedback_text(course, student)
    for kind in kinds:
        lines = str(feedback_of(kind, SUBMISSIONS[student][0][kind])).splitlines()
        assert all(line.strip() in page for line in lines), lines
    assert words in page
    assert f"exercises (Score: {expected_score(student):.1f} / {TOTAL:.1f})" in page


def test_the_feedback_page_shows_the_hidden_tests(course):
    # nbgrader's own behaviour: hidden tests are hidden from the release, not from feedback
    assert "[3, 1, 2]" in feedback_text(course, "reference")
