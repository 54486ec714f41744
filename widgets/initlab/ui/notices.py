"""The lab's messages to the learner, as HTML widgets with stable classes: why training stopped,
why settings were not used or are invalid, why a run paused by itself. Empty when all is well."""
import html

import ipywidgets as widgets

STALE = "initlab-stale"  # on views that show the last valid settings while the current ones are invalid
STALE_STYLE = ("<style>.initlab-stale{opacity:.45;filter:grayscale(1);outline:2px dashed #b00020;"
               "outline-offset:2px}</style>")
LINK_HEADING = "Some settings in the link could not be used; the defaults stand in for them:"
SCENARIO_LINK_HEADING = "Some settings in the link could not be used; the scenario's stand in for them:"
UPLOAD_HEADING = "Settings not loaded; the current ones stay:"
RED, AMBER = "#b00020", "#8a4b00"


def _notice(css_class):
    w = widgets.HTML()
    w.add_class(css_class)
    return w


def _items(messages):
    return "<ul style='margin:2px 0'>" + "".join(f"<li>{html.escape(m)}</li>" for m in messages) + "</ul>"


class Notices:
    def __init__(self):
        self.settings_message = _notice("initlab-settings-message")
        self.config_error = _notice("initlab-config-error")
        self.error = _notice("initlab-error")
        self.watch_note = _notice("initlab-watch-note")

    def settings_not_used(self, problems, heading=LINK_HEADING):
        """Which link values or uploaded settings were not used (none: clear)."""
        self.settings_message.value = "" if not problems else (
            f"<div style='color:{RED}' role='alert'><b>{html.escape(heading)}</b>{_items(problems)}</div>")

    def training_error(self, exc, text):
        self.error.value = "" if exc is None else (
            f"<div style='color:{RED}'><b>Training stopped: {html.escape(type(exc).__name__)}: "
            f"{html.escape(str(exc))}</b><details><summary>traceback</summary>"
            f"<pre style='font-size:11px'>{html.escape(text)}</pre></details></div>")

    def invalid_settings(self, exc):
        """Why the settings are invalid, one item per field (None: clear)."""
        self.config_error.value = "" if exc is None else (
            f"{STALE_STYLE}<div style='color:{RED}'><b>Invalid settings</b> — Run and Step wait until "
            f"they are fixed; the panels below show the last valid settings:"
            f"{_items(getattr(exc, 'messages', [str(exc)]))}</div>")

    def paused_by_itself(self, reason):
        self.watch_note.value = "" if not reason else (
            f"<div style='color:{AMBER}'><b>{html.escape(reason)}</b></div>")
