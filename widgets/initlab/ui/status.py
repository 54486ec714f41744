"""What the session decided, shown: the transport's buttons, the hint, and the views greyed
while the settings are invalid. Called after every state change and settings change."""
import html

from .guide_panel import ASK_FIRST
from .notices import STALE
from .runner import DONE, PAUSED


class SessionStatus:
    def __init__(self, session, transport, hint, notices, views, waiting):
        self.session, self.transport, self.hint, self.notices = session, transport, hint, notices
        self.views, self.waiting = views, waiting  # waiting(): Run waits for the learner's prediction

    def refresh_transport(self, state=None):
        """Run, Step and Resume stay disabled while the settings are invalid."""
        session, t = self.session, self.transport
        state = session.runner.state if state is None else state
        more, why_not = session.more() if state == DONE else (None, "")
        waiting = self.waiting() and state != DONE
        t.set_state(state, can_start=session.valid and not waiting, more=more, why_not=why_not)
        if not session.valid or waiting:
            t.run.disabled = t.step.disabled = True
            if state == PAUSED and not session.valid:
                t.pause.disabled = True
        if waiting:
            t.run.tooltip = t.step.tooltip = ASK_FIRST

    def update_hint(self, state=None):
        said, pending = self.session.hint(state)
        text = " ".join(map(html.escape, said)) + (f" <b>{html.escape(pending)}</b>" if pending else "")
        self.hint.value = f"<small>{text}</small>"

    def show_validity(self):
        problem = self.session.problem
        for view in self.views:
            (view.widget.remove_class if problem is None else view.widget.add_class)(STALE)
        self.notices.invalid_settings(problem)
        self.refresh_transport()
