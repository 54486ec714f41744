"""notebooks/exercises.ipynb, the learner's self-study version, made from the nbgrader source.

It is nbgrader's own release of the source (solutions replaced by ``# YOUR CODE HERE`` and
``raise NotImplementedError()``, hidden tests removed, instructions and checks locked) with
two changes for learning on one's own: each check cell loses its ``assert`` line, so the check
prints its feedback instead of stopping the notebook (Run All reaches the lab, and Voila's
read-only page shows the feedback rather than "There was an error"), and the cells lose their
nbgrader metadata (the checks no longer match the graded ones). It is then executed once, so
its check cells store what a blank notebook answers: nbval compares those outputs.

Never edit notebooks/exercises.ipynb by hand; edit the source and run

    python -m initlab.assignment.learner notebooks/exercises.ipynb
"""
import argparse
import sys
import tempfile
from pathlib import Path

from .course import build

# The one line of each check cell that makes a failed check fail the cell (the grade).
ASSERT = "assert feedback.passed, feedback"


def self_study(release):
    """The release notebook (a NotebookNode, changed in place) as the self-study version."""
    for cell in release.cells:
        meta = cell.metadata.pop("nbgrader", {})
        if meta.get("grade"):
            lines = cell.source.splitlines(keepends=True)
            kept = [line for line in lines if line.strip() != ASSERT]
            if len(lines) - len(kept) != 1:
                raise ValueError(f"check cell {meta['grade_id']!r} must hold the line "
                                 f"{ASSERT!r} exactly once before its hidden tests")
            cell.source = "".join(kept)
    return release


def from_release(release, run_in):
    """The release notebook at `release` as the self-study version, executed in directory run_in."""
    import nbformat
    from nbclient import NotebookClient

    nb = self_study(nbformat.read(release, as_version=4))
    # no timings in the cells' metadata, so the same source always gives the same file
    NotebookClient(nb, timeout=300, kernel_name="python3", record_timing=False,
                   resources={"metadata": {"path": str(run_in)}}).execute()
    return nb


def make(path):
    """Write the self-study notebook to path; returns it."""
    import nbformat

    path = Path(path)
    with tempfile.TemporaryDirectory() as course:
        nb = from_release(build(course), run_in=path.parent)
    nbformat.write(nb, path)
    return nb


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m initlab.assignment.learner",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("path", help="where to write it, e.g. notebooks/exercises.ipynb")
    args = parser.parse_args(argv)
    try:
        make(args.path)
    except (RuntimeError, ValueError, OSError) as exc:
        print(exc, file=sys.stderr)
        return 1
    print(f"wrote {args.path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
