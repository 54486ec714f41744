"""Tabs of views where only the tab in view is drawn each frame.

The others keep the last snapshot and draw it when chosen (or when every figure is wanted, to
save them), so a frame is smaller and quicker for the page to draw. Frames come from the
runner's thread and choices from the page, hence the lock.
"""
import threading

import ipywidgets as widgets


class LazyTabs:
    def __init__(self, views, titles, **tab_kwargs):
        self.views = list(views)
        self.widget = widgets.Tab(children=[view.widget for view in self.views], titles=list(titles), **tab_kwargs)
        self._lock = threading.RLock()
        self._stale, self._last = set(), None
        self.widget.observe(lambda _: self.refresh(), "selected_index")

    @property
    def shown(self):
        index = self.widget.selected_index
        return None if index is None else self.views[index]

    def select(self, view):
        self.widget.selected_index = self.views.index(view)

    def update(self, snapshot):
        with self._lock:
            self._last = snapshot
            shown = self.shown
            for view in self.views:
                if view is shown:
                    view.update(snapshot)
                    self._stale.discard(view)
                else:
                    self._stale.add(view)

    def refresh(self, every=False):
        """Bring the tab in view (every=True: all tabs) up to the last snapshot drawn."""
        with self._lock:
            for view in list(self._stale):
                if every or view is self.shown:
                    view.update(self._last)
                    self._stale.discard(view)
