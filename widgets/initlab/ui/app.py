"""InitLab: composes controls -> config -> runner -> views. No math here.

Stable CSS classes (for browser tests and styling):
    initlab                      the whole lab
    initlab-controls             the settings panel; initlab-layer-size on each hidden-layer size,
                                 initlab-init-<name> on each initialization checkbox; the text boxes
                                 initlab-iterations, initlab-seed, initlab-data-seed, initlab-noise,
                                 initlab-random-scale, initlab-learning-rate (each holds one <input>)
    initlab-hint                 which settings apply live and which on Reset
    initlab-config-error         why the current settings are invalid: one <li> per invalid field, named
                                 by its label with the allowed range (empty when valid)
    initlab-stale                on the outer box of the cost, boundary, results and inside views while
                                 the settings are invalid: they show the last valid settings (greyed,
                                 dashed outline)
    initlab-layers-note          says when the hidden-layer limit is reached
    initlab-run, initlab-pause, initlab-step, initlab-reset    the transport buttons (Run reads
                                 "Continue" on a finished run that may train further)
    initlab-step-size            how many iterations Step trains (1, 10, 100, 1000), exactly
    initlab-pace                 iterations per second while running (applies live; "full speed")
    initlab-timeline             slider over the trained iterations (on the transport's status row):
                                 dragging shows the run as it was there (and pauses it);
                                 initlab-timeline-live returns to the present;
                                 initlab-timeline-status says which is shown
    initlab-iteration            the current iteration as a plain number, e.g. "7000"
    initlab-status               "of 15,000 · 21,000 it/s · running"; initlab-progress the bar
    initlab-error                an exception raised while training (empty otherwise)
    initlab-watch-note           why training paused by itself: the page stopped answering (empty otherwise)
    initlab-heartbeat            the hidden widget that tells the kernel the page is open and painting
    initlab-transport            the row of buttons and status
    initlab-cost                 the cost figure; initlab-log-scale its log toggle; initlab-cost-note
                                 explains a "*" legend mark (an inf lesson cost drawn as the stable cost)
                                 and a "†" one (a diverged run, clipped)
    initlab-boundary             the box of boundary panels; initlab-boundary-panel each panel;
                                 initlab-boundary-note explains a "†" title (output not finite)
    initlab-results-view         the results widget, holding <table class="initlab-results"> with one
                                 <tr data-initialization="he"> per scheme and the cells
                                 td.initlab-train-accuracy / initlab-test-accuracy (numbers like 0.9933),
                                 td.initlab-current-cost, td.initlab-verdict
    initlab-inside-tabs          the per-layer views, tabs beside the cost and the boundaries:
    initlab-inside               the activations tab: initlab-activation-histograms holds the figure
                                 initlab-activation-histogram (one HeatMap per initialization, layers x |a|
                                 bins); initlab-gradient-norm the gradient chart, initlab-inside-legend its legend
    initlab-symmetry             the symmetry tab: initlab-distinct-units (bar chart), initlab-distinct-counts
                                 ("1/10, 1/5" per initialization), initlab-weight-layer (layer chooser),
                                 initlab-weight-matrix (one W heatmap per initialization)
    initlab-scenario             each scenario button, also initlab-scenario-<name> (e.g. initlab-scenario-deep-relu);
                                 initlab-scenario-text the chosen scenario's "what to look for"
    initlab-share                "link to this setup": its <input> holds the URL of the current settings
                                 (or "no link: why"), next to an "open" link
    initlab-settings-message     why a link's values or an uploaded file were not used (empty otherwise)
    initlab-export               downloads: initlab-settings-download (a.initlab-download, JSON),
                                 initlab-settings-upload, initlab-results-download (CSV),
                                 initlab-figure-choice (its options are the file stems: cost,
                                 boundary-<name>, activation-histograms, gradient-norm, distinct-units,
                                 weights-<name>), initlab-save-png, initlab-save-svg
    initlab-sr                   text for screen readers only (visually hidden)
    initlab-scroll               a box that scrolls sideways on a narrow page (the results table); focusable
"""
import html
import threading

import ipywidgets as widgets

from ..core import Config, Experiment, scenarios
from ..core.query import parse_link
from ..core.settings import defining_changes
from ._widgets import close_tree
from .a11y import Accessibility
from .controls import COST, LEARNING_RATE, Controls
from .export import ExportPanel
from .heartbeat import Heartbeat
from .runner import DONE, IDLE, PAUSED, RUNNING, Runner
from .scenario_picker import ScenarioPicker
from .share import ShareLink
from .voila_page import voila_request
from .timeline import Timeline
from .transport import Transport
from .views.boundary import BoundaryView
from .views.cost import CostView
from .views.inside import GradientView, InsideView
from .views.results import ResultsView
from .views.symmetry import SymmetryView

LIVE_HINT = "The learning rate, the pace and the cost shown apply live."
IDLE_HINT = "Other settings rebuild the experiment at once."
LOCKED_HINT = "Data, network, initializations and iterations are locked mid-run: Reset to change them."
DONE_HINT = ("The run has finished: every setting is unlocked, and changing one starts a new experiment. "
             "Drag the timeline to look back.")
PENDING_HINT = "<b>Changed settings apply on Reset: {}.</b>"
STALE = "initlab-stale"
STALE_STYLE = ("<style>.initlab-stale{opacity:.45;filter:grayscale(1);outline:2px dashed #b00020;"
               "outline-offset:2px}</style>")
LINK_HEADING = "Some settings in the link could not be used; the defaults stand in for them:"
SCENARIO_LINK_HEADING = "Some settings in the link could not be used; the scenario's stand in for them:"
UPLOAD_HEADING = "Settings not loaded; the current ones stay:"


def _scrolls(widget):
    """A box as wide as the page at most, scrolling sideways rather than clipping what is wider
    (a11y.py makes it keyboard-focusable, so it can be scrolled without a mouse)."""
    box = widgets.Box([widget], layout=widgets.Layout(max_width="100%", min_width="0", overflow="auto"))
    box.add_class("initlab-scroll")
    return box


COST_POINTS = 800  # per cost line sent to the page: ~2 per pixel of the cost figure, at most


def _snapshot(experiment):
    return experiment.snapshot(cost_points=COST_POINTS)


class InitLab(widgets.VBox):
    """The live lab. InitLab(**config fields), InitLab(config) or InitLab(scenario=name); e.g.
    InitLab(initializations=["he", "xavier"], layers_dims=[2, 20, 20, 1]) or
    InitLab(scenario="deep-relu", learning_rate=0.05) (fields override the scenario's).
    Invalid settings raise the Config's ValueError/TypeError here. Nothing trains until Run.
    page_url: the address the "link to this setup" starts with (InitLab.from_voila fills it in).
    pace: iterations per second while running; None (the default) is as fast as the core goes."""

    def __init__(self, config=None, pace=None, *, scenario=None, page_url=None, **fields):
        if scenario is not None:
            if config is not None:
                raise TypeError("give InitLab a config or a scenario, not both")
            config = scenarios.config(scenario).replace(**fields)
        elif config is None:
            config = Config(**fields)
        elif not isinstance(config, Config):
            raise TypeError(f"config must be an initlab Config; got {type(config).__name__}")
        elif fields:
            config = config.replace(**fields)
        experiment = Experiment(config)

        self.controls = Controls(config)
        self.timeline = Timeline()
        self.transport = Transport(pace, beside_status=[self.timeline])  # one row fewer: cost stays in view
        self.hint = widgets.HTML()
        self.hint.add_class("initlab-hint")
        self.config_error = widgets.HTML()
        self.config_error.add_class("initlab-config-error")
        self.error = widgets.HTML()
        self.error.add_class("initlab-error")
        self.cost_view = CostView(config.cost)
        self.boundary_view = BoundaryView(panel_size=(150, 160))
        self.results_view = ResultsView(config.cost)
        self.inside_view = InsideView()
        self.gradient_view = GradientView()
        self.symmetry_view = SymmetryView()
        self.share = ShareLink(page_url)
        self.export = ExportPanel(self._figures, custom=config.custom)
        self.settings_message = widgets.HTML()
        self.settings_message.add_class("initlab-settings-message")
        self.views = [self.cost_view, self.boundary_view, self.results_view, self.inside_view,
                      self.gradient_view, self.symmetry_view, self.export]
        self.picker = ScenarioPicker(scenario if scenario is not None else scenarios.find(config))
        self.picker.on_pick(self.load_scenario)
        self._config_valid = True
        self.heartbeat = Heartbeat()
        self.watch_note = widgets.HTML()
        self.watch_note.add_class("initlab-watch-note")

        self.runner = Runner(experiment, publish=self._publish, on_state=self._on_state, on_error=self._on_error,
                             pace=pace, snapshot=_snapshot, watched=self.heartbeat.watched,
                             ready=self.heartbeat.ready)
        self.transport.pace.observe(lambda _: setattr(self.runner, "pace", self.transport.pace_value), "value")
        self.timeline.on_scrub(self._on_scrub)
        self.timeline.on_live(self._on_live)
        self.transport.run.on_click(lambda _: self.run())
        self.transport.pause.on_click(lambda _: self.toggle_pause())
        self.transport.step.on_click(lambda _: self.step())
        self.transport.reset.on_click(lambda _: self.reset())
        self._wire_controls()
        self.export.on_load(self.load_config)
        self.export.on_error(lambda message: self.show_settings_message(message, heading=UPLOAD_HEADING))

        self.inside_tabs = widgets.Tab(
            children=[self.inside_view.widget, self.gradient_view.widget, self.symmetry_view.widget],
            titles=["Inside: activations", "Gradients", "Symmetry"],
            # Shrinks (its figures too) rather than scroll: a scrolling box would need keyboard focus.
            layout=widgets.Layout(flex="1 1 500px", min_width="0", max_width="100%"))
        self.inside_tabs.add_class("initlab-inside-tabs")
        # Only the tab in view is drawn each frame: the others take the last snapshot when
        # chosen (or saved). A frame is then smaller and quicker for the page to draw.
        self._tab_views = [self.inside_view, self.gradient_view, self.symmetry_view]
        self._tab_lock = threading.RLock()  # the runner's frames vs. a tab chosen in the page
        self._stale_tabs, self._last_shown = set(), None
        self.inside_tabs.observe(lambda _: self._refresh_tabs(), "selected_index")
        # Cost and results, boundaries (two small panels a row), inside the network: side by side,
        # so all three can be watched together on a 1280x800 page. Narrower, they stack, the cost
        # shrinks to the page and wide items scroll, never clip.
        self.cost_view.figure.layout.width, self.cost_view.figure.layout.height = "380px", "290px"
        self.cost_view.widget.layout.flex = "0 1 390px"
        self.boundary_view.widget.layout = widgets.Layout(flex="0 0 310px", max_width="100%")
        # The link shares the scenario row (both say which setup this is); the downloads sit
        # below the charts, so the charts start higher.
        super().__init__([
            Accessibility(), self.settings_message, self.controls,
            widgets.HBox([self.picker.row, self.share.widget],
                         layout=widgets.Layout(flex_flow="row wrap", align_items="center", grid_gap="4px 16px")),
            self.picker.text, self.hint, self.config_error, self.transport, self.error, self.watch_note,
            widgets.HBox([widgets.VBox([self.cost_view.widget, _scrolls(self.results_view.widget)],
                                       layout=widgets.Layout(flex="0 1 390px", min_width="0", max_width="100%")),
                          self.boundary_view.widget, self.inside_tabs],
                         layout=widgets.Layout(flex_flow="row wrap", align_items="flex-start")),
            self.export.widget, self.heartbeat.widget,
        ])
        self.add_class("initlab")
        self._show_new(experiment)
        self._refresh_links()

    @classmethod
    def from_query(cls, query, page_url=None, **kwargs):
        """A lab set up from a URL query string, e.g. "dataset=moons&initializations=he,xavier" or
        "scenario=deep-relu&learning_rate=0.05" (the scenario's settings, then the link's on top,
        and its "what to look for" text). A bad value is named in the page and its default used;
        kwargs go to InitLab()."""
        link = parse_link(query)
        lab = cls(link.config, page_url=page_url, **kwargs)
        if link.scenario is not None:
            lab.picker.show(link.scenario)
        lab.show_settings_message(*link.problems,
                                  heading=LINK_HEADING if link.scenario is None else SCENARIO_LINK_HEADING)
        return lab

    @classmethod
    def from_voila(cls, **kwargs):
        """The dashboard's lab: set up from the query string of the Voila page it is on."""
        query, page_url, problems = voila_request()
        lab = cls.from_query(query, page_url=page_url, **kwargs)
        if problems:
            lab.show_settings_message(*problems)
        return lab

    # --- public API ------------------------------------------------------------------------
    @property
    def experiment(self):
        return self.runner.experiment

    @property
    def config(self):
        """The settings the controls show now (raises the Config's error if they are invalid)."""
        return self.controls.config()

    @property
    def state(self):
        return self.runner.state

    def run(self):
        """Start or resume training on the background thread (no-op while running); on a
        finished run, continue for another `num_iterations` when the limits allow."""
        if not self._config_valid and self.runner.state != RUNNING:
            return False
        if self.runner.state == DONE:
            more, _ = self._more()
            if not more:
                return False
            self.experiment.continue_for(more)
        self._go_live()
        self.heartbeat.start()
        return self.runner.run()

    def pause(self):
        return self.runner.pause()

    def toggle_pause(self):
        if self.runner.state == PAUSED:
            if not self._config_valid:
                return False
            self._go_live()
            self.heartbeat.start()
            return self.runner.run()
        return self.runner.pause()

    def step(self, n=None):
        """Train exactly n iterations (default: the Step size chosen in the page), then pause."""
        if not self._config_valid:
            return False
        self._go_live()
        self.heartbeat.start()
        return self.runner.step(self.transport.step_size.value if n is None else n)

    def scrub(self, iteration):
        """Show the run as it was at `iteration`, as dragging the timeline does (pauses a run)."""
        self.timeline.scrub_to(iteration)

    def reset(self):
        """Stop, then back to iteration 0 with the same initial weights and the current settings."""
        self.runner.stop()
        self.error.value = ""
        try:
            experiment = Experiment(self.controls.config())
        except Exception as exc:  # settings invalid: keep the old experiment, at iteration 0
            self._show_config_error(exc)
            experiment = self.runner.experiment.reset()
        else:
            self._show_config_error(None)
        self._show_new(experiment)

    def load_config(self, config):
        """Stop, show these settings in the controls and start over from iteration 0 with them."""
        if not isinstance(config, Config):
            raise TypeError(f"config must be an initlab Config; got {type(config).__name__}")
        self.runner.stop()
        old = self.controls
        self.controls = Controls(config)
        self.children = tuple(self.controls if child is old else child for child in self.children)
        close_tree(old)
        self._wire_controls()
        self._on_setting(COST)  # the views show the loaded cost, not the old one
        self.settings_message.value = ""
        self.picker.show(scenarios.find(config))
        self.reset()
        self._refresh_links()

    def show_settings_message(self, *problems, heading=LINK_HEADING):
        """Say in the page which link values or uploaded settings were not used (none: clear)."""
        items = "".join(f"<li>{html.escape(p)}</li>" for p in problems)
        self.settings_message.value = "" if not problems else (
            f"<div style='color:#b00020' role='alert'><b>{html.escape(heading)}</b>"
            f"<ul style='margin:2px 0'>{items}</ul></div>")

    def load_scenario(self, name):
        """Stop any run, show every setting of scenario `name` and its text, and load it at iteration 0."""
        self.load_config(scenarios.config(name))
        self.picker.show(name)

    def close(self):
        """Stop the training thread, then close every widget of the lab."""
        runner = getattr(self, "runner", None)  # absent if __init__ raised (ipywidgets closes on __del__)
        if runner is not None:
            runner.close()
        for child in list(self.children):
            close_tree(child)
        super().close()

    # --- wiring ----------------------------------------------------------------------------
    def _wire_controls(self):
        self.controls.on_change(self._on_setting)
        self.controls.on_change(lambda _: self._refresh_links())

    def _refresh_links(self):
        try:
            config = self.controls.config()
        except Exception as exc:
            self.share.show_invalid(exc)
        else:
            self.share.show(config)
            self.export.show_settings(config)

    def _figures(self):
        """Every figure the export panel can save, by file stem (initlab-<stem>.png), each up to date."""
        self._refresh_tabs(every=True)
        figures = {"cost": self.cost_view.figure}
        names = self.experiment.config.names
        for name, panel in zip(names, self.boundary_view.panels):
            figures[f"boundary-{name}"] = panel.figure
        if self.inside_view.histograms is not None:  # none without hidden layers
            figures["activation-histograms"] = self.inside_view.histograms.figure
        figures["gradient-norm"] = self.gradient_view.chart.figure
        if self.symmetry_view.panels:
            figures["distinct-units"] = self.symmetry_view.figure
            for name, panel in zip(names, self.symmetry_view.panels):
                figures[f"weights-{name}"] = panel.figure  # the layer chosen in the symmetry tab
        return figures

    def _show_new(self, experiment):
        """Load an experiment (at iteration 0) into the runner and draw it; main thread, no run."""
        experiment.learning_rate = self.controls.learning_rate.value
        self.boundary_view.show_data(experiment.data)
        self.runner.load(experiment)
        self.timeline.go_live()
        self._publish(_snapshot(experiment))
        self.export.refresh_figures()  # the boundary panels were rebuilt

    def _publish(self, snapshot):
        """The present, from the runner's thread or after a load; held back while looking back."""
        self.timeline.follow(snapshot.iteration)
        if self.timeline.live:
            self._show(snapshot)

    def _show(self, snapshot, looking_back=False):
        self.transport.show(iteration=snapshot.iteration, num_iterations=snapshot.num_iterations,
                            rate=self.runner.iterations_per_second)
        with self._tab_lock:
            self._last_shown = snapshot
            for view in self.views:
                if view in self._tab_views and view is not self._tab_view_shown():
                    self._stale_tabs.add(view)
                elif view is self.cost_view and looking_back:
                    view.set_marker(snapshot)  # the whole run's curves stay, marked at this iteration
                else:
                    view.update(snapshot)
        if not looking_back:
            self.cost_view.set_marker(None)
        self.heartbeat.sent()

    def _tab_view_shown(self):
        index = self.inside_tabs.selected_index
        return None if index is None else self._tab_views[index]

    def _refresh_tabs(self, every=False):
        """Bring the tab now in view (every=True: all tabs) up to the last snapshot shown."""
        with self._tab_lock:
            for view in list(self._stale_tabs):
                if every or view is self._tab_view_shown():
                    view.update(self._last_shown)
                    self._stale_tabs.discard(view)

    def _on_scrub(self, iteration):
        """The learner dragged the timeline: pause (so the view stays put), then show that iteration."""
        if self.runner.running:
            self.runner.pause()
        if self.timeline.live:  # the slider reached the present meanwhile
            return
        iteration = min(iteration, self.experiment.iteration)
        self._show(self.experiment.snapshot_at(iteration, cost_points=COST_POINTS), looking_back=True)

    def _on_live(self):
        if not self.runner.running:
            self._show(_snapshot(self.experiment))

    def _go_live(self):
        if not self.timeline.live:
            self.timeline.go_live()
            self._on_live()

    def _more(self):
        """(iterations Run may continue for, or None; why not)."""
        e = self.experiment
        more = e.config.num_iterations
        if more < 1:
            return None, "the iteration count is 0"
        try:  # the Config enforces the iterations limit
            e.config.replace(num_iterations=e.iteration + more)
        except (ValueError, TypeError) as exc:
            return None, f"cannot continue: {exc}"
        return more, ""

    def _on_state(self, state):
        self._refresh_transport(state)
        self.controls.lock(self._mid_run(state))
        self.watch_note.value = (f"<div style='color:#8a4b00'><b>{html.escape(self.heartbeat.reason())}</b></div>"
                                 if state == PAUSED and self.runner.pause_reason else "")
        self._update_hint()

    @staticmethod
    def _mid_run(state):
        """Settings lock while a run can resume; idle and finished experiments take new settings."""
        return state not in (IDLE, DONE)

    def _on_error(self, exc, text):
        self.error.value = (
            f"<div style='color:#b00020'><b>Training stopped: {html.escape(type(exc).__name__)}: "
            f"{html.escape(str(exc))}</b><details><summary>traceback</summary>"
            f"<pre style='font-size:11px'>{html.escape(text)}</pre></details></div>")

    def _on_setting(self, kind):
        if kind == LEARNING_RATE:
            rate, _ = self.controls.learning_rate_text.parse()
            if rate is not None:
                self.experiment.learning_rate = rate
            if not self._mid_run(self.runner.state) and not self.runner.running and self._pending():
                self._rebuild()  # fixing the last invalid box applies the other fields' changes too
            else:
                self._check_pending()
        elif kind == COST:
            self.cost_view.set_cost(self.controls.cost.value)
            self.results_view.set_cost(self.controls.cost.value)
        elif not self._mid_run(self.runner.state) and not self.runner.running:
            self._rebuild()
        else:
            self._check_pending()

    def _rebuild(self):
        """Idle: a changed setting rebuilds the experiment at once, or shows why it cannot."""
        try:
            experiment = Experiment(self.controls.config())
        except Exception as exc:
            self._show_config_error(exc)
            self._on_state(self.runner.state)
            return
        self._show_config_error(None)
        self._show_new(experiment)

    def _check_pending(self):
        """Mid-run, a changed setting (only possible from code: the controls are disabled) waits for Reset."""
        try:
            self.controls.config()
        except Exception as exc:
            self._show_config_error(exc)
        else:
            self._show_config_error(None)
        self._update_hint()

    def _pending(self):
        """The experiment-defining settings that differ from the running experiment's."""
        try:
            config = self.controls.config()
        except Exception:
            return ["invalid settings"]
        return defining_changes(self.experiment.config, config)

    def _update_hint(self):
        state = self.runner.state
        parts = [LIVE_HINT]
        if state == IDLE:
            parts.append(IDLE_HINT)
        elif state == DONE:
            parts.append(DONE_HINT)
        else:
            parts.append(LOCKED_HINT)
            pending = self._pending()
            if pending:
                parts.append(PENDING_HINT.format(html.escape(", ".join(pending))))
        self.hint.value = "<small>" + " ".join(parts) + "</small>"

    def _refresh_transport(self, state=None):
        """Run, Step and Resume stay disabled while the settings are invalid."""
        state = self.runner.state if state is None else state
        more, why_not = self._more() if state == DONE else (None, "")
        self.transport.set_state(state, can_start=self._config_valid, more=more, why_not=why_not)
        if not self._config_valid:
            self.transport.run.disabled = self.transport.step.disabled = True
            if state == PAUSED:
                self.transport.pause.disabled = True

    def _show_config_error(self, exc):
        self._config_valid = exc is None
        for view in self.views:
            (view.widget.remove_class if exc is None else view.widget.add_class)(STALE)
        if exc is None:
            self.config_error.value = ""
        else:
            items = "".join(f"<li>{html.escape(m)}</li>" for m in getattr(exc, "messages", [str(exc)]))
            self.config_error.value = (
                f"{STALE_STYLE}<div style='color:#b00020'><b>Invalid settings</b> — Run and Step wait until "
                f"they are fixed; the panels below show the last valid settings:<ul style='margin:2px 0'>"
                f"{items}</ul></div>")
        self._refresh_transport()
