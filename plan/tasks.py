"""Background work of the action plan (see participation.tasks for the queue)."""

from django_tasks import task

from plan.announcements import notify_update


@task()
def announce_update(update_id):
    """Tell a project's followers of a progress update (there may be thousands of them)."""
    return notify_update(update_id)
