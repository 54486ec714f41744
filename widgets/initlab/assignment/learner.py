"""notebooks/exercises.ipynb, the learner's version, made from the nbgrader source.

It is nbgrader's own release of the source (solutions replaced by ``# YOUR CODE HERE`` and
``raise NotImplementedError()``, hidden tests removed, instructions and checks locked),
executed once so that its check cells store what a blank notebook answers: nbval compares
those outputs. Never edit notebooks/exercises.ipynb by hand; edit the source and run

    python -m initlab.assignment.learner notebooks/exercises.ipynb
"""
import argparse
import sys
import tempfile
from pathlib import Path

from .course import build


def from_release(release, run_in):
    """The release notebook at `release`, executed in directory run_in (errors kept as outputs:
    a blank notebook's checks fail)."""
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(release, as_version=4)
    # no timings in the cells' metadata, so the same source always gives the same file
    NotebookClient(nb, timeout=300, kernel_name="python3", allow_errors=True, record_timing=False,
                   resources={"metadata": {"path": str(run_in)}}).execute()
    return nb


def make(path):
    """Write the learner's notebook to path; returns it."""
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
    except (RuntimeError, OSError) as exc:
        print(exc, file=sys.stderr)
        return 1
    print(f"wrote {args.path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
