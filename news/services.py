"""What happens when an article is published: the followers of what it concerns are told, once.

Connected to Wagtail's ``page_published`` signal in ``NewsConfig.ready``: editors publish in the
Wagtail admin, not through a view of ours."""

from django.db import transaction

from news.tasks import announce_article


def article_published(sender, instance, **kwargs):
    """On an article's first publication, queue the notice to the followers of the
    consultations, projects and events it concerns, once the publication is committed (a
    rolled-back publication tells no one). Later publications (a corrected typo) queue nothing;
    the notice's key (news/announcements.py) keeps each resident from being told twice anyway,
    in every language the article is published in."""
    if instance.first_published_at != instance.last_published_at:
        return
    article_id = instance.pk
    transaction.on_commit(lambda: announce_article.enqueue(article_id))
