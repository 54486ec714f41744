"""Every figure of a lab that the export panel can save, by file stem (initlab-<stem>.png)."""


def every_figure(lab, saving=False):
    """Each figure brought up to date first (a tab not in view may hold an older frame); with
    saving, the boundary panels also carry their picture inside the figure."""
    lab.tabs.refresh(every=True)
    figures = {"cost": lab.cost_view.figure}
    names = lab.experiment.config.names
    for name, panel in zip(names, lab.boundary_view.panels):
        if saving:
            panel.for_saving()
        figures[f"boundary-{name}"] = panel.figure
    if lab.inside_view.histograms is not None:  # none without hidden layers
        figures["activation-histograms"] = lab.inside_view.histograms.figure
    figures["gradient-norm"] = lab.gradient_view.chart.figure
    if lab.symmetry_view.panels:
        figures["distinct-units"] = lab.symmetry_view.figure
        for name, panel in zip(names, lab.symmetry_view.panels):
            figures[f"weights-{name}"] = panel.figure  # the layer chosen in the symmetry tab
    return figures
