"""Where the served app's files are: the notebooks and the classroom Voila configuration.

A built wheel carries them in `initlab/app_data/` (setup.py copies them there at build time
from the repository's `notebooks/` and `voila-config/`, the only copies in git). A checkout
(an editable install, the tests) reads them where they are. Standard library only: setup.py
loads this file before any dependency is installed.
"""
from pathlib import Path

NOTEBOOKS = ("dashboard.ipynb", "lecture.ipynb", "exercises.ipynb")
CONFIG_FILES = ("voila.json", "voila.py")
NOTEBOOKS_DIR = "notebooks"
CONFIG_DIR = "voila-config"
PACKAGED = "app_data"  # inside the installed `initlab` package
DASHBOARD = NOTEBOOKS[0]


def app_root():
    """The directory holding `notebooks/` and `voila-config/`: the wheel's copy, or the
    checkout's when initlab runs from the repository."""
    package = Path(__file__).resolve().parent
    for root in (package / PACKAGED, package.parents[1]):
        if all((root / NOTEBOOKS_DIR / n).is_file() for n in NOTEBOOKS) and all(
                (root / CONFIG_DIR / n).is_file() for n in CONFIG_FILES):
            return root
    raise FileNotFoundError(
        f"InitLab's notebooks are missing from {package / PACKAGED}: reinstall initlab "
        "from a wheel built by `pip wheel .` (it copies them in), or run from the repository")


def notebooks_dir():
    return app_root() / NOTEBOOKS_DIR


def config_dir():
    return app_root() / CONFIG_DIR
