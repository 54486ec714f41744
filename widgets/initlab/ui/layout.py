"""Where the lab's parts sit on the page: the pictures first.

At 1280x800 and 1366x768, with no scrolling, a learner sees the title, the step's (or the
scenario's) text, the transport with pace and timeline, the cost, every boundary panel (up to
three in a row, 232 px a side) with the results table under them. The collapsible Settings panel and the
inside-the-network tabs follow below. Narrower, everything stacks and wide items scroll,
never clip.
"""
import ipywidgets as widgets

from .a11y import Accessibility

PANEL = (232, 248)  # a boundary panel's figure: 232 x 232 px of picture below a 16 px title band
TITLE = ("<div style='font-size:19px;font-weight:600;line-height:1.2;margin:0'>"
         "InitLab: why weight initialization matters</div>")


def scrolls(widget):
    """A box as wide as the page at most, scrolling sideways rather than clipping what is wider
    (a11y.py makes it keyboard-focusable, so it can be scrolled without a mouse)."""
    box = widgets.Box([widget], layout=widgets.Layout(max_width="100%", min_width="0", overflow="auto"))
    box.add_class("initlab-scroll")
    return box


def settings_panel(lab):
    """Controls, scenarios, link and downloads, in one Accordion (closed in the guided lesson)."""
    lab.controls_slot = widgets.VBox([lab.controls])
    inner = widgets.VBox([
        lab.controls_slot, lab.hint,
        widgets.HBox([lab.picker.row, lab.share.widget],
                     layout=widgets.Layout(flex_flow="row wrap", align_items="center", grid_gap="4px 16px")),
        lab.export.widget,
    ])
    panel = widgets.Accordion(children=[inner], titles=("Settings",), selected_index=None,
                              layout=widgets.Layout(max_width="1240px"))
    panel.add_class("initlab-settings-panel")
    return panel


def arrange(lab):
    """The lab's children, top to bottom."""
    lab.cost_view.figure.layout.width, lab.cost_view.figure.layout.height = "420px", "270px"
    lab.cost_view.widget.layout = widgets.Layout(flex="0 1 430px", min_width="0", max_width="100%")
    lab.boundary_view.widget.layout = widgets.Layout(min_width="0", max_width="100%")
    notes = lab.notices
    header = widgets.HBox([widgets.HTML(TITLE), lab.mode_buttons.widget],
                          layout=widgets.Layout(justify_content="space-between", align_items="center",
                                                flex_flow="row wrap", max_width="1240px"))
    lab.settings = settings_panel(lab)
    # The results sit under the panels, where their verdicts have room on one line.
    pictures = widgets.HBox(
        [lab.cost_view.widget,
         widgets.VBox([lab.boundary_view.widget, scrolls(lab.results_view.widget)],
                      # Basis of two panels, growing to three: at 1024 px two sit beside the cost.
                      layout=widgets.Layout(flex="1 1 470px", min_width="0", max_width="720px"))],
        layout=widgets.Layout(flex_flow="row wrap", align_items="flex-start", grid_gap="0 8px"))
    return [
        Accessibility(), header, lab.guide.widget, lab.picker.text, notes.settings_message,
        notes.config_error, lab.transport, notes.error, notes.watch_note, pictures,
        lab.settings, lab.inside_tabs, lab.heartbeat.widget,
    ]
