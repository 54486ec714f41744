"""The exercises' reference solutions, read from the nbgrader source notebook
(widgets/initlab/assignment/exercises.ipynb), the one place they are written.

SOLUTIONS maps each function name to its solution cell with the ``### BEGIN SOLUTION`` /
``### END SOLUTION`` marker lines taken out: the function as a learner who solved it wrote it.
tests/test_exercises_notebook.py puts each into the learner notebook's solution cell of the
same name and expects every check to pass.
"""
import nbformat

from initlab.assignment import SOURCE

MARKERS = ("### BEGIN SOLUTION", "### END SOLUTION")


def solution_cells(nb):
    """{grade_id: cell} for the notebook's nbgrader solution cells."""
    return {c.metadata["nbgrader"]["grade_id"]: c for c in nb.cells
            if c.metadata.get("nbgrader", {}).get("solution")}


def without_markers(source):
    return "".join(line for line in source.splitlines(keepends=True)
                   if line.strip() not in MARKERS)


SOLUTIONS = {name: without_markers(cell.source)
             for name, cell in solution_cells(nbformat.read(SOURCE, as_version=4)).items()}
