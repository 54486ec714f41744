"""InitLab: why weight initialization matters, live."""
from . import lesson
from .core import Config, Experiment, scenarios

__all__ = ["Config", "Experiment", "InitLab", "lesson", "scenarios"]


def __getattr__(name):
    # The widget layer loads on first use, so `initlab.core` and `initlab.lesson`
    # stay importable (and fast) without any Jupyter package.
    if name == "InitLab":
        from .ui import InitLab
        return InitLab
    raise AttributeError(f"module 'initlab' has no attribute {name!r}")
