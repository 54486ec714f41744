"""The settings lifecycle, widget-free: what a changed setting does when the experiment is idle,
mid-run or finished, what waits for Reset, the hint that says so, and whether Run may continue.

The lab asks; the Session answers from the runner's state and the settings as they are now
(`read_config()` returns a Config or raises the reason they are invalid). Nothing here draws.
"""
from ..core import Experiment
from ..core.settings import defining_changes
from .runner import DONE, IDLE

# What a change of a setting is about (the controls say which).
STRUCTURAL, LEARNING_RATE, COST = "structural", "learning_rate", "cost"

LIVE_HINT = "The learning rate, the pace and the cost shown apply live."
IDLE_HINT = "Other settings rebuild the experiment at once."
LOCKED_HINT = "Data, network, initializations and iterations are locked mid-run: Reset to change them."
DONE_HINT = ("The run has finished: every setting is unlocked, and changing one starts a new experiment. "
             "Drag the timeline to look back.")
PENDING_HINT = "Changed settings apply on Reset: {}."


class Session:
    """Decides what each settings change does; `problem` is why the settings are invalid (or None)."""

    def __init__(self, runner, read_config):
        self.runner = runner
        self.read_config = read_config
        self.problem = None

    @property
    def valid(self):
        return self.problem is None

    @property
    def experiment(self):
        return self.runner.experiment

    def locked(self, state=None):
        """Settings lock while a run can resume; idle and finished experiments take new settings."""
        state = self.runner.state if state is None else state
        return state not in (IDLE, DONE)

    def check(self):
        """The current Config, or None with `problem` set to why not."""
        try:
            config = self.read_config()
        except (ValueError, TypeError) as exc:
            self.problem = exc
            return None
        self.problem = None
        return config

    def changed(self, kind, learning_rate=None):
        """A setting of this kind changed. Returns a new Experiment to load now, or None (the change
        applied live, waits for Reset, or is invalid: `problem` says)."""
        if kind == LEARNING_RATE and learning_rate is not None:
            self.experiment.learning_rate = learning_rate
        if kind == COST:
            return None
        idle = not self.locked() and not self.runner.running
        # A learning-rate change rebuilds only when it fixed the last invalid box of an idle lab.
        if idle and (kind != LEARNING_RATE or self.pending()):
            config = self.check()
            return None if config is None else Experiment(config)
        self.check()
        return None

    def reset(self):
        """The experiment Reset starts: the current settings at iteration 0, or (settings invalid)
        the old experiment back at iteration 0."""
        config = self.check()
        return self.experiment.reset() if config is None else Experiment(config)

    def pending(self):
        """The experiment-defining settings that differ from the running experiment's."""
        try:
            config = self.read_config()
        except (ValueError, TypeError):
            return ["invalid settings"]
        return defining_changes(self.experiment.config, config)

    def hint(self, state=None):
        """(the hint's sentences, the settings waiting for Reset as a sentence or "")."""
        state = self.runner.state if state is None else state
        if state == IDLE:
            return [LIVE_HINT, IDLE_HINT], ""
        if state == DONE:
            return [LIVE_HINT, DONE_HINT], ""
        pending = self.pending()
        return [LIVE_HINT, LOCKED_HINT], PENDING_HINT.format(", ".join(pending)) if pending else ""

    def more(self):
        """(iterations a finished Run may continue for, or None; why not)."""
        e = self.experiment
        more = e.config.num_iterations
        if more < 1:
            return None, "the iteration count is 0"
        try:  # the Config enforces the iterations limit
            e.config.replace(num_iterations=e.iteration + more)
        except (ValueError, TypeError) as exc:
            return None, f"cannot continue: {exc}"
        return more, ""
