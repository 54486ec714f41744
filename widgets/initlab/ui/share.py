"""A link to the current setup: the query string of initlab.core.query, shown ready to copy.

In Voila the page's own address comes from the request Voila hands the kernel
(initlab.ui.voila_page).
"""
import html

import ipywidgets as widgets

from ..core.query import to_query

class ShareLink:
    """show(config) writes the link of those settings; show_invalid(exc) says why there is none.

    `text` holds the whole URL (or just `?query` outside Voila), selectable for copying; an
    edit typed into it is undone, since the settings, not the box, define the link. `open`
    is the same link as a relative href, which the browser resolves against the page it is on.
    """

    def __init__(self, page_url=None):
        self.page_url = page_url
        self.url = ""
        self._shown = ""
        self.text = widgets.Text(description="link to this setup", style={"description_width": "initial"},
                                 tooltip="copy this address to share these settings",
                                 layout=widgets.Layout(flex="1 1 20em", min_width="12em"))
        self.text.observe(self._undo_edit, "value")
        self.open = widgets.HTML()
        self.widget = widgets.HBox([self.text, self.open],
                                   layout=widgets.Layout(align_items="center", flex="1 1 24em", min_width="0"))
        self.widget.add_class("initlab-share")

    def show(self, config):
        try:
            query = to_query(config)
        except ValueError as exc:
            return self.show_invalid(exc)
        self.url = (self.page_url or "") + ("?" + query if query else "")
        self._set_text(self.url or "?", disabled=False)
        href = html.escape("?" + query, quote=True)
        self.open.value = (f"<a href='{href}' target='_blank' rel='noopener' "
                           "title='open this setup in a new tab'>open</a>")

    def show_invalid(self, exc):
        self.url = ""
        self._set_text(f"no link: {exc}", disabled=True)
        self.open.value = ""

    def _set_text(self, text, disabled):
        self._shown = text
        self.text.value = text
        self.text.disabled = disabled

    def _undo_edit(self, change):
        if change["new"] != self._shown:
            self.text.value = self._shown
