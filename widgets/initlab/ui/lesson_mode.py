"""The guided lesson and the playground in one lab: which is shown, setting up a step, opening
the tab its text talks about, and whether Run waits for the learner's prediction."""
from ..core import guide
from .guide_panel import GuidePanel
from .modes import GUIDED, PLAYGROUND, ModeButtons


def check_mode(mode):
    if mode not in (GUIDED, PLAYGROUND):
        raise ValueError(f"mode must be {GUIDED!r} or {PLAYGROUND!r}; got {mode!r}")
    return mode


class LessonMode:
    """`lab` gives load_config, tabs, settings, picker and the transport refresh."""

    def __init__(self, lab, step=None):
        self.lab = lab
        self.mode = None
        self.guide = GuidePanel(guide.step(step) if step is not None else guide.STEPS[0])
        self.buttons = ModeButtons()
        self.guide.on_step(self._set_up)
        self.guide.on_answer(lambda _: lab.refresh_transport())
        self.buttons.on_pick(self.set)

    @property
    def waiting(self):
        """In the lesson, Run and Step wait until the question is answered or skipped."""
        return self.mode == GUIDED and not self.guide.answered

    def set(self, mode, set_up=True):
        """GUIDED: the lesson's current step, settings folded away; PLAYGROUND: every control open."""
        if check_mode(mode) == self.mode:
            return
        self.mode, guided, lab = mode, mode == GUIDED, self.lab
        self.buttons.show(mode)
        self.guide.widget.layout.display = None if guided else "none"
        lab.picker.text.layout.display = "none" if guided else None
        lab.settings.selected_index = None if guided else 0
        if guided and set_up:
            self.guide.go_to(self.guide.step)
        else:
            if guided:
                self.open_tab(self.guide.step)
            lab.refresh_transport()

    def finished(self, snapshot):
        """The run is over; snapshot() is its final state, taken only when the lesson explains it."""
        if self.mode == GUIDED:
            self.guide.finished(snapshot())

    def open_tab(self, step):
        """A step whose text talks about an inside tab opens it."""
        lab = self.lab
        if step.tab is not None:
            lab.tabs.select({"activations": lab.inside_view, "gradients": lab.gradient_view,
                             "symmetry": lab.symmetry_view}[step.tab])

    def open_scenario_tab(self, name):
        """A scenario's text is its lesson chapter's: the chapter's tab opens."""
        chapter = next((s for s in guide.STEPS if s.id == name), None)
        if chapter is not None:
            self.open_tab(chapter)

    def _set_up(self, step):
        self.lab.load_config(step.config)
        self.open_tab(step)
