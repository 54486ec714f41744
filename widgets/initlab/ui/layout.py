"""Where the lab's parts sit on the page. Cost and results, boundaries (two small panels a row)
and the inside-the-network tabs side by side, so all three can be watched together at 1280x800;
narrower, they stack, the cost shrinks to the page and wide items scroll, never clip."""
import ipywidgets as widgets

from .a11y import Accessibility


def scrolls(widget):
    """A box as wide as the page at most, scrolling sideways rather than clipping what is wider
    (a11y.py makes it keyboard-focusable, so it can be scrolled without a mouse)."""
    box = widgets.Box([widget], layout=widgets.Layout(max_width="100%", min_width="0", overflow="auto"))
    box.add_class("initlab-scroll")
    return box


def arrange(lab):
    """The lab's children, top to bottom."""
    lab.cost_view.figure.layout.width, lab.cost_view.figure.layout.height = "380px", "290px"
    lab.cost_view.widget.layout.flex = "0 1 390px"
    lab.boundary_view.widget.layout = widgets.Layout(flex="0 0 310px", max_width="100%")
    notes = lab.notices
    # The link shares the scenario row (both say which setup this is); the downloads sit
    # below the charts, so the charts start higher.
    return [
        Accessibility(), notes.settings_message, lab.controls,
        widgets.HBox([lab.picker.row, lab.share.widget],
                     layout=widgets.Layout(flex_flow="row wrap", align_items="center", grid_gap="4px 16px")),
        lab.picker.text, lab.hint, notes.config_error, lab.transport, notes.error, notes.watch_note,
        widgets.HBox([widgets.VBox([lab.cost_view.widget, scrolls(lab.results_view.widget)],
                                   layout=widgets.Layout(flex="0 1 390px", min_width="0", max_width="100%")),
                      lab.boundary_view.widget, lab.inside_tabs],
                     layout=widgets.Layout(flex_flow="row wrap", align_items="flex-start")),
        lab.export.widget, lab.heartbeat.widget,
    ]
