"""Accessibility the ipywidgets front end does not give: names and states, focus, contrast.

ipywidgets 8 renders a slider as a noUiSlider handle (role=slider) with no accessible name,
and ToggleButtons as plain buttons whose selection is only a CSS class (mod-active); no
trait reaches those attributes. This invisible anywidget copies each slider's visible label
(or, without one, its tooltip) onto the handle as aria-label, mirrors mod-active as aria-pressed,
gives each boundary panel's picture an alt text from its title, and makes the sideways-scrolling
boxes (initlab-scroll) keyboard-focusable,
for every InitLab on the page, and keeps doing so as widgets are redrawn. Its stylesheet
gives a focus ring, the Run button's text, the tab labels and the Settings title at least the
contrast WCAG asks for.
"""
import anywidget
import traitlets

FOCUS = "#1a4f8b"  # 8.3:1 on white (tests/test_palette.py); the theme's #64b5f6 ring is 2.2:1

ESM = r"""
function nameOf(view) {
  const label = view.querySelector(':scope > .widget-label');
  const text = label && label.style.display !== 'none' ? label.textContent.trim() : '';
  // no visible label: ipywidgets puts the tooltip on the hidden label (sliders) or the view
  return text || (label && label.getAttribute('title')) || view.getAttribute('title') || '';
}
function setAttr(el, name, value) {
  if (value && el.getAttribute(name) !== value) el.setAttribute(name, value);
}
function annotate() {
  for (const lab of document.querySelectorAll('.initlab')) {
    // a box that scrolls sideways must be reachable by keyboard to be scrolled
    for (const box of lab.querySelectorAll('.initlab-scroll')) {
      if (!box.hasAttribute('tabindex')) box.setAttribute('tabindex', '0');
    }
    for (const view of lab.querySelectorAll('.widget-slider')) {
      const name = nameOf(view);
      for (const handle of view.querySelectorAll('[role="slider"]')) setAttr(handle, 'aria-label', name);
    }
    // a boundary panel's picture is an <img> (ui/views/boundary.py): named by its panel's title
    for (const panel of lab.querySelectorAll('.initlab-boundary-panel')) {
      const img = panel.querySelector('img.initlab-boundary-picture');
      const title = panel.querySelector('text.mainheading');
      if (img) setAttr(img, 'alt', `${title ? title.textContent.trim() + ': ' : ''}decision boundary, the predicted probability of class 1`);
    }
    for (const view of lab.querySelectorAll('.widget-toggle-buttons')) {
      const group = view.querySelector('.widget-toggle-buttons > div, .btn-group') || view;
      group.setAttribute('role', 'group');
      setAttr(group, 'aria-label', nameOf(view));
      for (const b of view.querySelectorAll('button')) {
        setAttr(b, 'aria-pressed', b.classList.contains('mod-active') ? 'true' : 'false');
      }
    }
  }
}
function render({ el }) {
  el.style.display = 'none';
  let queued = false;
  const schedule = () => {
    if (!queued) { queued = true; requestAnimationFrame(() => { queued = false; annotate(); }); }
  };
  const observer = new MutationObserver(schedule);
  observer.observe(document.body, { subtree: true, childList: true, attributes: true,
                                    attributeFilter: ['class', 'style'] });
  schedule();
  return () => observer.disconnect();
}
export default { render };
"""

CSS = f"""
.initlab :focus-visible, .initlab .noUi-handle:focus, .initlab input:focus, .initlab select:focus {{
  outline: 2px solid {FOCUS} !important; outline-offset: 1px;
}}
.initlab {{ --jp-widgets-input-focus-border-color: {FOCUS}; }}
.initlab .jupyter-button.mod-success {{ background-color: #2e7d32; }}
.initlab .lm-TabBar .lm-TabBar-tab {{ color: #333333 !important; }}  /* the theme's grey on grey is < 4.5:1 */
.initlab .jupyter-widget-Collapse-header {{ color: #1a1a1a !important; font-weight: 600; }}  /* the Settings title */
.initlab .initlab-sr {{ position: absolute; width: 1px; height: 1px; overflow: hidden;
  clip: rect(0 0 0 0); white-space: nowrap; }}
"""


class Accessibility(anywidget.AnyWidget):
    """Add one to a page (InitLab does) to name sliders and expose toggle states."""
    _esm = traitlets.Unicode(ESM).tag(sync=True)
    _css = traitlets.Unicode(CSS).tag(sync=True)
