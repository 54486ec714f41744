"""Views own their bqplot marks / widgets and expose update(snapshot)."""
from .boundary import BoundaryView
from .cost import CostView
from .inside import InsideView
from .results import ResultsView

__all__ = ["BoundaryView", "CostView", "InsideView", "ResultsView"]
