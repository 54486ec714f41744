"""The guided lesson in the page: one step at a time (core/guide.py), its text, one prediction
question before the run, and the explanation after it, with Back and Next.

The panel holds only which step is shown and which answer was picked; the right answer and the
explanation come from core.guide, read off the finished run's snapshot.
"""
import html

import ipywidgets as widgets
from ipywidgets import CallbackDispatcher

from ..core import guide

SKIPPED = "skipped"
ASK_FIRST = "answer the question above (or skip it) first"


def _button(description, css_class, tooltip, width="auto"):
    b = widgets.Button(description=description, tooltip=tooltip, layout=widgets.Layout(width=width))
    b.add_class(css_class)
    return b


class GuidePanel:
    """on_step(callback) is called with the Step to set up whenever Back, Next or go_to changes it.
    `choice` is the picked answer's index, SKIPPED, or None before the learner answered."""

    def __init__(self, start=guide.STEPS[0]):
        self._on_step = CallbackDispatcher()
        self._on_answer = CallbackDispatcher()
        self.step, self.choice = start, None
        self.heading = widgets.HTML()
        self.heading.add_class("initlab-step-heading")
        self.text = widgets.HTML()
        self.text.add_class("initlab-lesson-step")
        self.question_text = widgets.HTML()
        self.choices = widgets.HBox(layout=widgets.Layout(flex_flow="row wrap", grid_gap="4px"))
        self.skip = _button("skip the question", "initlab-skip", "run without predicting")
        self.skip.on_click(lambda _: self._answer(SKIPPED))
        self.question = widgets.VBox([self.question_text, widgets.HBox([self.choices, self.skip],
                                      layout=widgets.Layout(flex_flow="row wrap", align_items="center"))])
        self.question.add_class("initlab-question")
        self.explanation = widgets.HTML()
        self.explanation.add_class("initlab-explanation")
        self.back = _button("◀ Back", "initlab-back", "the step before", width="6.5em")
        self.next = _button("Next ▶", "initlab-next", "the next step", width="6.5em")
        self.back.on_click(lambda _: self.go_to(guide.number(self.step) - 1))
        self.next.on_click(lambda _: self.go_to(guide.number(self.step) + 1))
        top = widgets.HBox([self.back, self.next, self.heading],
                           layout=widgets.Layout(align_items="center", grid_gap="8px"))
        self.widget = widgets.VBox([top, self.text, self.question, self.explanation],
                                   layout=widgets.Layout(max_width="1220px"))
        self.widget.add_class("initlab-guide")
        self._draw()

    def on_step(self, callback):
        self._on_step.register_callback(callback)

    def on_answer(self, callback):
        self._on_answer.register_callback(callback)

    @property
    def answered(self):
        return self.choice is not None

    def go_to(self, step):
        """Show a step (a Step, its id or its number) with its question unanswered, and set it up."""
        self.step = step if isinstance(step, guide.Step) else guide.step(step)
        self.choice = None
        self._draw()
        self._on_step(self.step)

    def pick(self, index):
        """Answer the question with choice `index` (what a click on that choice does)."""
        if not 0 <= index < len(self.step.choices):
            raise ValueError(f"choice must be from 0 to {len(self.step.choices) - 1}; got {index}")
        self._answer(index)

    def finished(self, snapshot):
        """The run is over: say whether the prediction held, with this run's numbers."""
        choice = None if self.choice in (None, SKIPPED) else self.choice
        self.question.layout.display = "none"  # the explanation takes its place: the pictures stay in view
        self.explanation.value = (f"<div style='border-left:4px solid #2b6cb0;padding:2px 8px;line-height:1.35'>"
                                  f"{html.escape(guide.explain(self.step, snapshot, choice))}</div>")

    def restarted(self):
        """A new run of the same step (Reset): the old explanation no longer describes what is shown."""
        self.explanation.value = ""
        self.question.layout.display = None

    def _answer(self, choice):
        self.choice = choice
        for i, b in enumerate(self.choices.children):
            b.button_style = "info" if choice == i else ""
        self.skip.button_style = "info" if choice == SKIPPED else ""
        self._on_answer(choice)

    def _draw(self):
        n, total = guide.number(self.step), len(guide.STEPS)
        optional = " · optional chapter" if self.step.optional else ""
        self.heading.value = (f"<b>Step {n} of {total}: {html.escape(self.step.title)}</b>"
                              f"<small>{optional}</small>")
        self.text.value = f"<div style='line-height:1.35'>{html.escape(self.step.text)}</div>"
        self.question_text.value = f"<b>Predict first:</b> {html.escape(self.step.question)}"
        self.restarted()
        self.back.disabled, self.next.disabled = n == 1, n == total
        self._draw_choices()

    def _draw_choices(self):
        buttons = []
        for i, text in enumerate(self.step.choices):
            b = _button(text, "initlab-choice", "your prediction")
            b.on_click(lambda _, i=i: self.pick(i))
            buttons.append(b)
        old = self.choices.children
        self.choices.children = buttons
        for b in old:
            b.close()
        self.skip.button_style = ""
