"""Background work of the news (see participation.tasks for the queue)."""

from django_tasks import task

from news.announcements import notify_followers_of_article


@task()
def announce_article(article_id):
    """Tell the followers of what a newly published article concerns (they may be thousands)."""
    return notify_followers_of_article(article_id)
