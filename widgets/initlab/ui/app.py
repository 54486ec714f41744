"""InitLab composes: controls -> session -> runner -> views. No math and no decisions here.

The settings lifecycle is ui/session.py (shown by ui/status.py), drawing snapshots and looking
back ui/display.py, the guided lesson and the playground ui/lesson_mode.py, links ui/links.py,
the messages ui/notices.py, the page's arrangement ui/layout.py; docs/css-classes.md lists the
classes the page carries.
"""
import ipywidgets as widgets

from ..core import Config, Experiment, scenarios
from ._widgets import close_tree
from .controls import Controls
from .display import Display, snapshot_of
from .export import ExportPanel
from .figures import every_figure
from .heartbeat import Heartbeat
from .layout import PANEL, arrange
from .lesson_mode import LessonMode, check_mode
from .links import initial_config, lab_from_query, lab_from_voila
from .modes import GUIDED, PLAYGROUND
from .notices import LINK_HEADING, UPLOAD_HEADING, Notices
from .runner import DONE, PAUSED, RUNNING, Runner
from .scenario_picker import ScenarioPicker
from .session import COST, LEARNING_RATE, Session
from .status import SessionStatus
from .share import ShareLink
from .timeline import Timeline
from .transport import Transport
from .views.boundary import BoundaryView
from .views.cost import CostView
from .views.inside import GradientView, InsideView
from .views.results import ResultsView
from .views.symmetry import SymmetryView
from .views.tabs import LazyTabs

class InitLab(widgets.VBox):
    """The live lab. InitLab(**config fields), InitLab(config) or InitLab(scenario=name); e.g.
    InitLab(initializations=["he", "xavier"], layers_dims=[2, 20, 20, 1]) or
    InitLab(scenario="deep-relu", learning_rate=0.05) (fields override the scenario's).
    InitLab(step="zeros") (or InitLab.lesson()) opens the guided lesson on that step; otherwise
    the lab opens as the playground, every control at hand (mode="guided" starts the lesson).
    Invalid settings raise the Config's ValueError/TypeError here. Nothing trains until Run.
    page_url: the address the "link to this setup" starts with (InitLab.from_voila fills it in).
    pace: iterations per second while running; None (the default) is as fast as the core goes."""

    def __init__(self, config=None, pace=None, *, scenario=None, step=None, mode=None, page_url=None, **fields):
        mode = check_mode((GUIDED if step is not None else PLAYGROUND) if mode is None else mode)
        if mode == GUIDED and step is None and config is None and scenario is None:
            step = 1
        config = initial_config(config, scenario, step, fields)
        experiment = Experiment(config)
        self.lesson_mode = LessonMode(self, step)
        self.guide, self.mode_buttons = self.lesson_mode.guide, self.lesson_mode.buttons
        self.notices = Notices()
        self.controls = Controls(config)
        self.timeline = Timeline()
        self.transport = Transport(pace, beside_status=[self.timeline])  # one row fewer: cost stays in view
        self.hint = widgets.HTML()
        self.hint.add_class("initlab-hint")
        self.cost_view = CostView(config.cost)
        self.boundary_view = BoundaryView(panel_size=PANEL)
        self.results_view = ResultsView(config.cost)
        self.inside_view, self.gradient_view, self.symmetry_view = InsideView(), GradientView(), SymmetryView()
        self.tabs = LazyTabs([self.inside_view, self.gradient_view, self.symmetry_view],
                             ["Inside: activations", "Gradients", "Symmetry"],
                             # Shrinks (its figures too) rather than scroll: a scrolling box needs keyboard focus.
                             layout=widgets.Layout(flex="1 1 500px", min_width="0", max_width="100%"))
        self.inside_tabs = self.tabs.widget
        self.inside_tabs.add_class("initlab-inside-tabs")
        self.share = ShareLink(page_url)
        self.export = ExportPanel(lambda saving=False: every_figure(self, saving), custom=config.custom)
        self.views = [self.cost_view, self.boundary_view, self.results_view, *self.tabs.views, self.export]
        self.picker = ScenarioPicker(scenario if scenario is not None else scenarios.find(config))
        self.heartbeat = Heartbeat()
        self.runner = Runner(experiment, publish=lambda snapshot: self.display.publish(snapshot),
                             on_state=self._on_state, on_error=self.notices.training_error, pace=pace,
                             snapshot=snapshot_of, watched=self.heartbeat.watched, ready=self.heartbeat.ready)
        self.display = Display(self.runner, self.timeline, self.transport, self.cost_view,
                               [self.boundary_view, self.results_view, self.tabs, self.export], self.heartbeat)
        self.session = Session(self.runner, lambda: self.controls.config())
        self.status = SessionStatus(self.session, self.transport, self.hint, self.notices, self.views,
                                    lambda: self.lesson_mode.waiting)
        self.refresh_transport = self.status.refresh_transport

        self.picker.on_pick(self.load_scenario)
        self.transport.pace.observe(lambda _: setattr(self.runner, "pace", self.transport.pace_value), "value")
        self.transport.run.on_click(lambda _: self.run())
        self.transport.pause.on_click(lambda _: self.toggle_pause())
        self.transport.step.on_click(lambda _: self.step())
        self.transport.reset.on_click(lambda _: self.reset())
        self._wire_controls()
        self.export.on_load(self.load_config)
        self.export.on_error(lambda message: self.show_settings_message(message, heading=UPLOAD_HEADING))
        super().__init__(arrange(self))
        self.add_class("initlab")
        self._show_new(experiment)
        self._refresh_links()
        self.lesson_mode.set(mode, set_up=False)

    @classmethod
    def lesson(cls, step=1, **kwargs):
        """The guided lesson, from step 1 (or the step given by number or id, e.g. "he")."""
        return cls(step=step, **kwargs)

    @classmethod
    def from_query(cls, query, page_url=None, **kwargs):
        """A lab set up from a URL query string, e.g. "dataset=moons&initializations=he,xavier" or
        "scenario=deep-relu&learning_rate=0.05" (the scenario's settings, then the link's on top,
        and its "what to look for" text). A bad value is named in the page and its default used;
        kwargs go to InitLab()."""
        return lab_from_query(cls, query, page_url, **kwargs)

    @classmethod
    def from_voila(cls, **kwargs):
        """The dashboard's lab: set up from the query string of the Voila page it is on."""
        return lab_from_voila(cls, **kwargs)

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
        if not self.session.valid and self.runner.state != RUNNING:
            return False
        if self.runner.state == DONE:
            more, _ = self.session.more()
            if not more:
                return False
            self.experiment.continue_for(more)
        return self._start(self.runner.run)

    def pause(self):
        return self.runner.pause()

    def toggle_pause(self):
        if self.runner.state != PAUSED:
            return self.runner.pause()
        return self.session.valid and self._start(self.runner.run)

    def step(self, n=None):
        """Train exactly n iterations (default: the Step size chosen in the page), then pause."""
        n = self.transport.step_size.value if n is None else n
        return self.session.valid and self._start(lambda: self.runner.step(n))

    def scrub(self, iteration):
        """Show the run as it was at `iteration`, as dragging the timeline does (pauses a run)."""
        self.timeline.scrub_to(iteration)

    def reset(self):
        """Stop, then back to iteration 0 with the same initial weights and the current settings."""
        self.runner.stop()
        self.notices.training_error(None, "")
        self.guide.restarted()
        experiment = self.session.reset()
        self.status.show_validity()
        self._show_new(experiment)

    def load_config(self, config):
        """Stop, show these settings in the controls and start over from iteration 0 with them."""
        if not isinstance(config, Config):
            raise TypeError(f"config must be an initlab Config; got {type(config).__name__}")
        self.runner.stop()
        old = self.controls
        self.controls = Controls(config)
        self.controls_slot.children = (self.controls,)
        close_tree(old)
        self._wire_controls()
        self._on_setting(COST)  # the views show the loaded cost, not the old one
        self.notices.settings_not_used([])
        self.picker.show(scenarios.find(config))
        self.reset()
        self._refresh_links()

    def show_settings_message(self, *problems, heading=LINK_HEADING):
        """Say in the page which link values or uploaded settings were not used (none: clear)."""
        self.notices.settings_not_used(problems, heading)

    def load_scenario(self, name):
        """Stop any run, show every setting of scenario `name` and its text, and load it at iteration 0;
        the inside tab its text talks about opens."""
        self.load_config(scenarios.config(name))
        self.picker.show(name)
        self.lesson_mode.open_scenario_tab(name)

    @property
    def mode(self):
        """"guided" (the lesson, step by step) or "playground" (every control)."""
        return self.lesson_mode.mode

    def set_mode(self, mode):
        self.lesson_mode.set(mode)

    def close(self):
        """Stop the training thread, then close every widget of the lab."""
        runner = getattr(self, "runner", None)  # absent if __init__ raised (ipywidgets closes on __del__)
        if runner is not None:
            runner.close()
        for child in list(self.children):
            close_tree(child)
        super().close()

    # --- wiring ----------------------------------------------------------------------------
    def _start(self, go):
        self.display.go_live()
        self.heartbeat.start()
        return go()

    def _wire_controls(self):
        self.controls.on_change(self._on_setting)
        self.controls.on_change(lambda _: self._refresh_links())

    def _refresh_links(self):
        try:
            config = self.controls.config()
        except (ValueError, TypeError) as exc:
            self.share.show_invalid(exc)
        else:
            self.share.show(config)
            self.export.show_settings(config)

    def _show_new(self, experiment):
        """Load an experiment (at iteration 0) into the runner and draw it; main thread, no run."""
        experiment.learning_rate = self.controls.learning_rate.value
        self.boundary_view.show_data(experiment.data)
        self.runner.load(experiment)
        self.timeline.go_live()
        self.display.publish(snapshot_of(experiment))
        self.export.refresh_figures()  # the boundary panels were rebuilt

    def _on_state(self, state):
        self.refresh_transport(state)
        self.controls.lock(self.session.locked(state))
        self.notices.paused_by_itself(self.heartbeat.reason() if state == PAUSED and self.runner.pause_reason
                                      else "")
        self.status.update_hint(state)
        if state == DONE:
            self.lesson_mode.finished(lambda: snapshot_of(self.experiment))

    def _on_setting(self, kind):
        if kind == COST:
            self.cost_view.set_cost(self.controls.cost.value)
            self.results_view.set_cost(self.controls.cost.value)
            return
        rate = self.controls.learning_rate_text.parse()[0] if kind == LEARNING_RATE else None
        experiment = self.session.changed(kind, learning_rate=rate)
        self.status.show_validity()
        if experiment is not None:
            self._show_new(experiment)
        else:
            self._on_state(self.runner.state)
