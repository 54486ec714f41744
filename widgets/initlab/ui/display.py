"""Drawing snapshots: the present as the runner publishes it, or a past iteration while the
learner drags the timeline (then the present is held back until they return to it)."""

COST_POINTS = 800  # per cost line sent to the page: ~2 per pixel of the cost figure, at most


def snapshot_of(experiment):
    return experiment.snapshot(cost_points=COST_POINTS)


class Display:
    """`views` are drawn from every snapshot; the cost view keeps the whole run's curves while
    looking back and marks the iteration shown."""

    def __init__(self, runner, timeline, transport, cost_view, views, heartbeat):
        self.runner, self.timeline, self.transport = runner, timeline, transport
        self.cost_view, self.views, self.heartbeat = cost_view, views, heartbeat
        timeline.on_scrub(self.scrub)
        timeline.on_live(self._on_live)

    def publish(self, snapshot):
        """The present, from the runner's thread or after a load; held back while looking back."""
        self.timeline.follow(snapshot.iteration)
        if self.timeline.live:
            self.show(snapshot)

    def show(self, snapshot, looking_back=False):
        self.transport.show(iteration=snapshot.iteration, num_iterations=snapshot.num_iterations,
                            rate=self.runner.iterations_per_second)
        if looking_back:
            self.cost_view.set_marker(snapshot)
        else:
            self.cost_view.update(snapshot)
        for view in self.views:
            view.update(snapshot)
        if not looking_back:
            self.cost_view.set_marker(None)
        self.heartbeat.sent()

    def scrub(self, iteration):
        """The learner dragged the timeline: pause (so the view stays put), then show that iteration."""
        if self.runner.running:
            self.runner.pause()
        if self.timeline.live:  # the slider reached the present meanwhile
            return
        experiment = self.runner.experiment
        iteration = min(iteration, experiment.iteration)
        self.show(experiment.snapshot_at(iteration, cost_points=COST_POINTS), looking_back=True)

    def go_live(self):
        if not self.timeline.live:
            self.timeline.go_live()
            self._on_live()

    def _on_live(self):
        if not self.runner.running:
            self.show(snapshot_of(self.runner.experiment))
