"""Lay out an nbgrader course directory for the exercises and run nbgrader in it."""
import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

ASSIGNMENT = "initialization"
NOTEBOOK = "exercises.ipynb"
SOURCE = Path(__file__).with_name(NOTEBOOK)

CONFIG_NAME = "nbgrader_config.py"
CONFIG = '''\
# nbgrader settings for the InitLab course, written by `initlab assignment`
# (kept as it is on later builds: edit it freely).
c = get_config()
c.CourseDirectory.course_id = "initlab"
# The exercises end with the live lab: without this every graded notebook, and the feedback
# page made from it, would carry the lab's widget state (about 400 KB each).
c.Execute.store_widget_state = False
'''


def nbgrader(*args, course_dir, check=True):
    """Run `nbgrader ARGS...` in course_dir; returns the CompletedProcess (output captured).

    The venv's bin goes first on PATH: nbgrader starts `alembic` (its database tool) by name."""
    if importlib.util.find_spec("nbgrader") is None:
        raise RuntimeError("nbgrader is not installed: pip install 'initlab[grading]'")
    env = dict(os.environ)
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    proc = subprocess.run([sys.executable, "-m", "nbgrader", *map(str, args)], cwd=course_dir,
                          env=env, capture_output=True, text=True)
    if check and proc.returncode != 0:
        raise RuntimeError(f"nbgrader {' '.join(map(str, args))} failed in {course_dir} "
                           f"(exit {proc.returncode}):\n{proc.stdout}{proc.stderr}")
    return proc


def build(course_dir):
    """Lay out course_dir (config, source/initialization/exercises.ipynb) and generate the
    assignment; returns the path of the release notebook learners get.

    An existing nbgrader_config.py is kept; the source notebook and the release are
    rewritten from this package's copy."""
    course_dir = Path(course_dir)
    if course_dir.exists() and not course_dir.is_dir():
        raise NotADirectoryError(f"the course directory {course_dir} is a file")
    source = course_dir / "source" / ASSIGNMENT
    source.mkdir(parents=True, exist_ok=True)
    config = course_dir / CONFIG_NAME
    if not config.exists():
        config.write_text(CONFIG)
    shutil.copyfile(SOURCE, source / NOTEBOOK)
    nbgrader("generate_assignment", ASSIGNMENT, "--force", course_dir=course_dir)
    return course_dir / "release" / ASSIGNMENT / NOTEBOOK
