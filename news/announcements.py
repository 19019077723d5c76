"""News of a consultation, a project or an event for its followers, run by the worker
(``tasks.announce_article``) after an article about it was first published."""

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from news.models import NewsPage
from participation.models import NotificationCategory
from participation.notifications import notify_followers


def article_key(article):
    """One notice per resident and article: the same in every language (translations share
    their translation key) and however often the article is published again."""
    return f"news:{article.translation_key}"


def _versions(page):
    """The live versions of ``page`` by language code, in one query."""
    return {
        version.locale.language_code: version
        for version in type(page)
        .objects.live()
        .filter(translation_key=page.translation_key)
        .select_related("locale")
    }


def notify_followers_of_article(article_id):
    """Tell the followers of each consultation, project and event the article concerns, each
    in their language with a link to the article in their language. A resident who follows two
    of them is told once. Returns how many followers were reached (each counted per host)."""
    article = NewsPage.objects.live().filter(pk=article_id).first()
    if article is None:  # unpublished (or deleted) before the worker got to it
        return 0
    articles = _versions(article)
    hosts = {}
    for field in ("related_consultations", "related_projects", "related_events"):
        for page in getattr(article, field).live():
            # The host of a translated page is its original version (participation/hosts.py).
            host = page.original
            hosts[(type(host), host.pk)] = host
    sent = 0
    for host in hosts.values():
        subjects = _versions(host)

        def write_message(host=host, subjects=subjects):
            language = get_language()
            return _("News about “%(subject)s”: %(title)s") % {
                "subject": subjects.get(language, host).title,
                "title": articles.get(language, article).title,
            }

        sent += notify_followers(
            host,
            NotificationCategory.FOLLOWED_ACTIVITY,
            write_message,
            url=lambda language: articles.get(language, article).url,
            key=article_key(article),
        )
    return sent
