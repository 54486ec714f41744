"""Re-execute notebooks/lecture.ipynb and store its outputs, small enough to review.

    .venv/bin/python tests/refresh_lecture.py

Stores the static figures' widget state (so GitHub and nbviewer show them offline) but not
the live lab's: cells tagged LIVE_TAG keep only a text note, and only the widget models the
stored figures reference are kept. Run it on the machine whose numbers you want stored; the
suite then checks them on every BLAS kernel at the precision each cell states.
"""
import re
import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

LECTURE = Path(__file__).resolve().parents[1] / "notebooks" / "lecture.ipynb"
LIVE_TAG = "initlab-live"
STATE = "application/vnd.jupyter.widget-state+json"
VIEW = "application/vnd.jupyter.widget-view+json"
MODEL_REF = re.compile(r"IPY_MODEL_([0-9a-f]{32})")
LIVE_NOTE = "The live lab runs here when the notebook is executed (in Jupyter or Voila)."


def referenced_models(state, roots):
    keep, todo = set(), list(roots)
    while todo:
        model_id = todo.pop()
        if model_id in keep or model_id not in state:
            continue
        keep.add(model_id)
        todo.extend(MODEL_REF.findall(repr(state[model_id]["state"])))
    return keep


def prune(nb):
    roots = []
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        if LIVE_TAG in cell.metadata.get("tags", []):
            cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text=LIVE_NOTE + "\n")]
            continue
        roots += [o["data"][VIEW]["model_id"] for o in cell.outputs if VIEW in o.get("data", {})]
    widgets = nb.metadata.get("widgets", {}).get(STATE)
    if widgets:
        keep = referenced_models(widgets["state"], roots)
        # Null traits are the widgets' defaults on both sides: leaving them out loses nothing.
        widgets["state"] = {k: {**v, "state": {t: x for t, x in v["state"].items() if x is not None}}
                            for k, v in widgets["state"].items() if k in keep}
    return nb


def main(path=LECTURE):
    nb = nbformat.read(path, as_version=4)
    NotebookClient(nb, timeout=300, kernel_name="python3", store_widget_state=True,
                   resources={"metadata": {"path": str(Path(path).parent)}}).execute()
    nbformat.write(prune(nb), path)
    print(f"{path}: {Path(path).stat().st_size / 1024:.0f} KB")


if __name__ == "__main__":
    main(*sys.argv[1:])
