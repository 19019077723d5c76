"""The number of voters so far, which a budget's pages show at all times, refreshed after votes
without ending every cached page at each vote (docs/architecture.md, "Counting").

Ballots end no cached page by themselves (``shown_on_pages = False``): during a vote, thirty
votes a second would otherwise drop the whole site's page cache thirty times a second. A new
voter queues one refresh per budget instead (at most one queued, deferred where the task
backend can defer, as recounts are); the refresh ends the cached pages once, and the pages
count the voters again from the ballots, in one grouped query."""

from django_tasks import task

from participation.pagecache import pages_changed
from participation.tasks import queue_recount, recount_started


def refresh_key(budget_id):
    return f"budget:{budget_id}:voters-refresh-queued"


def voters_changed(budget_id):
    """A new voter committed in ``budget``: its pages show the new figure after the refresh."""
    queue_recount(refresh_voter_pages, refresh_key(budget_id), budget_id)


@task(queue_name="counts", priority=50)
def refresh_voter_pages(budget_id):
    recount_started(refresh_key(budget_id))  # a vote committed from now on queues another pass
    pages_changed()
