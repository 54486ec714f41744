"""Execute a notebook and write the executed copy: python tests/run_notebook.py IN OUT.

Run as a subprocess so the kernel inherits this process's environment (the BLAS kernel choice).
"""
import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient


def main(source, target):
    nb = nbformat.read(source, as_version=4)
    NotebookClient(nb, timeout=300, kernel_name="python3",
                   resources={"metadata": {"path": str(Path(source).parent)}}).execute()
    nbformat.write(nb, target)


if __name__ == "__main__":
    main(*sys.argv[1:])
