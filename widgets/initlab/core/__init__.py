"""InitLab's training core: NumPy and scikit-learn only, no Jupyter imports."""
from .config import Config
from .datasets import DATASETS, make_dataset
from .experiment import Boundary, Experiment, Snapshot
from .schemes import SCHEMES
from . import scenarios

__all__ = ["Config", "DATASETS", "make_dataset", "Experiment", "Snapshot", "Boundary", "SCHEMES", "scenarios"]
