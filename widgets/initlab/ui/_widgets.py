"""Small helpers shared by the views."""
import ipywidgets as widgets


def close_tree(widget, _seen=None):
    """Close a widget and every widget it holds (children, marks, axes, scales, layout),
    so rebuilding a view or closing the lab leaves no orphaned comms behind."""
    seen = set() if _seen is None else _seen
    if id(widget) in seen:
        return
    seen.add(id(widget))
    for name in widget.keys:
        value = getattr(widget, name, None)
        items = value.values() if isinstance(value, dict) else value if isinstance(value, (list, tuple)) else [value]
        for item in items:
            if isinstance(item, widgets.Widget):
                close_tree(item, seen)
    widget.close()
