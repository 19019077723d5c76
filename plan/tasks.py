"""Background work of the site's pages (see participation.tasks for the queue)."""

from django_tasks import task


@task()
def announce_update(update_id):
    """Tell a project's followers of a progress update (there may be thousands of them)."""
    from plan.services import notify_update

    return notify_update(update_id)
