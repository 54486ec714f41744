"""core/ stays plain NumPy: importable without any Jupyter package."""
import subprocess
import sys

JUPYTER = ("ipywidgets", "IPython", "ipykernel", "bqplot", "traitlets", "comm", "voila", "matplotlib")


def test_core_and_lesson_import_no_jupyter_package():
    code = ("import sys, initlab.core, initlab.lesson; "
            "from initlab import Experiment; Experiment(initializations=['he']).step(2).snapshot(); "
            f"print([m for m in {JUPYTER!r} if m in sys.modules])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
