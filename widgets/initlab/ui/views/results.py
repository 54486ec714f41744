"""Results: a live HTML table, one row per initialization."""
import html
import threading

import ipywidgets as widgets
import numpy as np

from ..palette import scheme_colors

STYLE = """<style>
table.initlab-results {border-collapse: collapse; font-size: 12px; line-height: 1.3;}
table.initlab-results th, table.initlab-results td {padding: 3px 5px; text-align: left;
  border-bottom: 1px solid #ddd;}
table.initlab-results td.initlab-number {white-space: nowrap;}
table.initlab-results td.initlab-number {text-align: right; font-variant-numeric: tabular-nums;}
</style>"""


def format_cost(value):
    return f"{value:.6g}" if np.isfinite(value) else str(value)


def cost_text(lesson_cost, stable_cost, shown="lesson"):
    """The cost cell. When the stable cost is not finite the weights overflowed, and the
    lesson's formula (a nansum) can read 0: then the cell says so, with no number."""
    if not np.isfinite(stable_cost):
        return "not finite"
    if shown != "lesson":
        return format_cost(stable_cost)
    if np.isfinite(lesson_cost):
        return format_cost(lesson_cost)
    return f"{format_cost(lesson_cost)} (stable {format_cost(stable_cost)})"


class ResultsView:
    """update(snapshot) rewrites the table: accuracy, the current cost, the core's verdict."""

    def __init__(self, cost="lesson"):
        self.cost = cost
        self._lock = threading.Lock()
        self._snapshot = None
        self.widget = widgets.HTML()
        self.widget.add_class("initlab-results-view")

    def update(self, snapshot):
        with self._lock:
            self._snapshot = snapshot
            self.widget.value = self._table(snapshot)

    def set_cost(self, cost):
        with self._lock:
            self.cost = cost
            if self._snapshot is not None:
                self.widget.value = self._table(self._snapshot)

    def _table(self, s):
        cost_name = "lesson cost" if self.cost == "lesson" else "stable cost"
        rows = []
        for k, (name, label, color) in enumerate(zip(s.names, s.labels, scheme_colors(s.names))):
            cost = cost_text(s.lesson_cost[k], s.stable_cost[k], self.cost)
            rows.append(
                f"<tr data-initialization='{html.escape(name, quote=True)}'>"
                f"<td class='initlab-name'><span style='color:{color}'>■</span> {html.escape(label)}</td>"
                f"<td class='initlab-number initlab-train-accuracy'>{s.train_accuracy[k]:.4f}</td>"
                f"<td class='initlab-number initlab-test-accuracy'>{s.test_accuracy[k]:.4f}</td>"
                f"<td class='initlab-number initlab-current-cost'>{html.escape(cost)}</td>"
                f"<td class='initlab-verdict'>{html.escape(s.verdicts[k])}</td></tr>")
        return (STYLE + "<table class='initlab-results'><thead><tr><th>initialization</th>"
                f"<th>train acc.</th><th>test acc.</th><th>{cost_name}</th><th>verdict</th>"
                "</tr></thead><tbody>" + "".join(rows) + "</tbody></table>")
