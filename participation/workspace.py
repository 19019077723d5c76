"""The staff member's queues on the admin's dashboard (Wagtail's home page).

Each feature adds a panel per queue it owns through Wagtail's ``construct_homepage_panels`` hook in
its own wagtail_hooks.py, after checking that the member of staff may act on it: the core knows
no feature. A panel shows how many items wait, links to the filtered list, and may name the first
few (the nearest deadlines). It costs a fixed number of queries (one count, and one for its
items), whatever the length of the queue: nothing is read until the dashboard renders it.
"""

from dataclasses import dataclass

from wagtail.admin.ui.components import Component


@dataclass(frozen=True)
class QueueItem:
    """One item a panel names: its title, the page where staff act on it, and its deadline in
    words (``overdue`` to show it in red, with the word, not only the colour)."""

    title: str
    url: str
    deadline: str = ""
    overdue: bool = False


class QueuePanel(Component):
    """A queue on the dashboard.

    ``waiting`` is the queryset of what waits (counted when the panel renders), ``url`` the list
    it opens, ``items`` an optional function returning the few ``QueueItem``s to name.
    ``order`` places it among Wagtail's own panels (which start at 210): queues come first.
    """

    template_name = "participation/admin/queue_panel.html"

    def __init__(self, name, heading, waiting, url, items=None, order=100):
        self.name = name
        self.heading = heading
        self.waiting = waiting
        self.url = url
        self.items = items
        self.order = order

    def get_context_data(self, parent_context=None):
        return {
            "panel_id": f"queue-{self.name}",
            "heading": self.heading,
            "count": self.waiting.count(),
            "url": self.url,
            "items": self.items() if self.items else [],
        }
