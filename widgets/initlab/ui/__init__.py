"""ipywidgets + bqplot face of InitLab: controls, views, the background runner, the app."""
from .app import InitLab
from .runner import Runner

__all__ = ["InitLab", "Runner"]
