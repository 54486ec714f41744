"""InitLab: why weight initialization matters, live."""
from . import lesson
from .core import Config, Experiment

__all__ = ["Config", "Experiment", "lesson"]
