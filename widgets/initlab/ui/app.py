"""InitLab composes: controls -> session -> runner -> views. No math and no decisions here.

The settings lifecycle is ui/session.py, the messages ui/notices.py, the page's arrangement
ui/layout.py; docs/css-classes.md lists the classes the page carries.
"""
import html

import ipywidgets as widgets

from ..core import Config, Experiment, guide, scenarios
from ..core.query import parse_link
from ._widgets import close_tree
from .controls import Controls
from .export import ExportPanel
from .figures import every_figure
from .guide_panel import ASK_FIRST, GuidePanel
from .heartbeat import Heartbeat
from .layout import PANEL, arrange
from .modes import GUIDED, PLAYGROUND, ModeButtons
from .notices import LINK_HEADING, SCENARIO_LINK_HEADING, STALE, UPLOAD_HEADING, Notices
from .runner import DONE, PAUSED, RUNNING, Runner
from .scenario_picker import ScenarioPicker
from .session import COST, LEARNING_RATE, Session
from .share import ShareLink
from .timeline import Timeline
from .transport import Transport
from .views.boundary import BoundaryView
from .views.cost import CostView
from .views.inside import GradientView, InsideView
from .views.results import ResultsView
from .views.symmetry import SymmetryView
from .views.tabs import LazyTabs
from .voila_page import voila_request

COST_POINTS = 800  # per cost line sent to the page: ~2 per pixel of the cost figure, at most


def _snapshot(experiment):
    return experiment.snapshot(cost_points=COST_POINTS)


def _initial_config(config, scenario, step, fields):
    if sum(x is not None for x in (config, scenario, step)) > 1:
        raise TypeError("give InitLab one of a config, a scenario or a step, not several")
    if step is not None:
        return guide.step(step).config.replace(**fields)
    if scenario is not None:
        return scenarios.config(scenario).replace(**fields)
    if config is None:
        return Config(**fields)
    if not isinstance(config, Config):
        raise TypeError(f"config must be an initlab Config; got {type(config).__name__}")
    return config.replace(**fields) if fields else config


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
        mode = (GUIDED if step is not None else PLAYGROUND) if mode is None else mode
        if mode not in (GUIDED, PLAYGROUND):
            raise ValueError(f"mode must be {GUIDED!r} or {PLAYGROUND!r}; got {mode!r}")
        if mode == GUIDED and step is None and config is None and scenario is None:
            step = 1
        config = _initial_config(config, scenario, step, fields)
        experiment = Experiment(config)
        self.guide = GuidePanel(guide.step(step) if step is not None else guide.STEPS[0])
        self.mode_buttons = ModeButtons()
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
        self.export = ExportPanel(lambda: every_figure(self), custom=config.custom)
        self.views = [self.cost_view, self.boundary_view, self.results_view, *self.tabs.views, self.export]
        self.picker = ScenarioPicker(scenario if scenario is not None else scenarios.find(config))
        self.heartbeat = Heartbeat()
        self.runner = Runner(experiment, publish=self._publish, on_state=self._on_state,
                             on_error=self.notices.training_error, pace=pace, snapshot=_snapshot,
                             watched=self.heartbeat.watched, ready=self.heartbeat.ready)
        self.session = Session(self.runner, lambda: self.controls.config())

        self.picker.on_pick(self.load_scenario)
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
        self.guide.on_step(self._set_up_step)
        self.guide.on_answer(lambda _: self._refresh_transport())
        self.mode_buttons.on_pick(self.set_mode)
        super().__init__(arrange(self))
        self.add_class("initlab")
        self.mode = None
        self._show_new(experiment)
        self._refresh_links()
        self.set_mode(mode, set_up=False)
        if mode == GUIDED:
            self._open_tab(self.guide.step)

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
        link = parse_link(query)
        if link.mode == GUIDED and link.scenario is None:
            lab = cls(step=link.step or 1, page_url=page_url, **kwargs)
            if link.step is not None and link.config != lab.experiment.config:  # settings on top of the step's
                lab.load_config(link.config)
        else:
            lab = cls(link.config, page_url=page_url, mode=link.mode, **kwargs)
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
        self._show_validity()
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
        """Stop any run, show every setting of scenario `name` and its text, and load it at iteration 0."""
        self.load_config(scenarios.config(name))
        self.picker.show(name)

    def set_mode(self, mode, set_up=True):
        """GUIDED: the lesson's current step, settings folded away; PLAYGROUND: every control open."""
        if mode not in (GUIDED, PLAYGROUND):
            raise ValueError(f"mode must be {GUIDED!r} or {PLAYGROUND!r}; got {mode!r}")
        if mode == self.mode:
            return
        self.mode = mode
        guided = mode == GUIDED
        self.mode_buttons.show(mode)
        self.guide.widget.layout.display = None if guided else "none"
        self.picker.text.layout.display = "none" if guided else None
        self.settings.selected_index = None if guided else 0
        if guided and set_up:
            self.guide.go_to(self.guide.step)
        else:
            self._refresh_transport()

    def close(self):
        """Stop the training thread, then close every widget of the lab."""
        runner = getattr(self, "runner", None)  # absent if __init__ raised (ipywidgets closes on __del__)
        if runner is not None:
            runner.close()
        for child in list(self.children):
            close_tree(child)
        super().close()

    # --- wiring ----------------------------------------------------------------------------
    def _set_up_step(self, step):
        self.load_config(step.config)
        self._open_tab(step)

    def _open_tab(self, step):
        """A step whose text talks about an inside tab opens it."""
        if step.tab is not None:
            self.tabs.select({"activations": self.inside_view, "gradients": self.gradient_view,
                              "symmetry": self.symmetry_view}[step.tab])

    def _start(self, go):
        if not self.timeline.live:
            self.timeline.go_live()
            self._on_live()
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
        if looking_back:
            self.cost_view.set_marker(snapshot)  # the whole run's curves stay, marked at this iteration
        else:
            self.cost_view.update(snapshot)
        for view in (self.boundary_view, self.results_view, self.tabs, self.export):
            view.update(snapshot)
        if not looking_back:
            self.cost_view.set_marker(None)
        self.heartbeat.sent()

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

    def _on_state(self, state):
        if state == DONE and self.mode == GUIDED:
            self.guide.finished(_snapshot(self.experiment))
        self._refresh_transport(state)
        self.controls.lock(self.session.locked(state))
        self.notices.paused_by_itself(self.heartbeat.reason() if state == PAUSED and self.runner.pause_reason
                                      else "")
        self._update_hint(state)

    def _on_setting(self, kind):
        if kind == COST:
            self.cost_view.set_cost(self.controls.cost.value)
            self.results_view.set_cost(self.controls.cost.value)
            return
        rate = self.controls.learning_rate_text.parse()[0] if kind == LEARNING_RATE else None
        experiment = self.session.changed(kind, learning_rate=rate)
        self._show_validity()
        if experiment is not None:
            self._show_new(experiment)
        else:
            self._on_state(self.runner.state)

    def _update_hint(self, state=None):
        said, pending = self.session.hint(state)
        text = " ".join(map(html.escape, said)) + (f" <b>{html.escape(pending)}</b>" if pending else "")
        self.hint.value = f"<small>{text}</small>"

    def _refresh_transport(self, state=None):
        """Run, Step and Resume stay disabled while the settings are invalid."""
        state = self.runner.state if state is None else state
        more, why_not = self.session.more() if state == DONE else (None, "")
        waiting = self.mode == GUIDED and not self.guide.answered and state != DONE
        self.transport.set_state(state, can_start=self.session.valid and not waiting, more=more, why_not=why_not)
        if not self.session.valid or waiting:
            self.transport.run.disabled = self.transport.step.disabled = True
            if state == PAUSED and not self.session.valid:
                self.transport.pause.disabled = True
        if waiting:
            self.transport.run.tooltip = self.transport.step.tooltip = ASK_FIRST

    def _show_validity(self):
        problem = self.session.problem
        for view in self.views:
            (view.widget.remove_class if problem is None else view.widget.add_class)(STALE)
        self.notices.invalid_settings(problem)
        self._refresh_transport()
