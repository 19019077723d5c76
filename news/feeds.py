"""The news as RSS 2.0 and Atom feeds, one per language (``/ar/news/feed/rss/``…): the 20 latest
live articles of that language, with absolute links, for feed readers and the press."""

import datetime

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from news.models import NewsIndexPage, NewsPage

FEED_LENGTH = 20


def _absolute(page):
    """Readers open the links elsewhere: they carry the site's public address."""
    _site_id, _root_url, path = page.get_url_parts()
    return f"{settings.SHARIK_SITE_URL}{path}"


class NewsFeed(Feed):
    """RSS 2.0; the language is the one of the address (``i18n_patterns``)."""

    url_name = "news:rss"

    def get_object(self, request, *args, **kwargs):
        return NewsIndexPage.objects.live().filter(locale__language_code=get_language()).first()

    def title(self, index):
        return _("News of the commune") if index is None else index.title

    def link(self, index):
        if index is None:
            return f"{settings.SHARIK_SITE_URL}/{get_language()}/"
        return _absolute(index)

    def description(self, index):
        return (index.introduction if index is not None else "") or _(
            "The latest news of the commune on Sharik."
        )

    def feed_url(self, index):
        return f"{settings.SHARIK_SITE_URL}{reverse(self.url_name)}"

    def items(self, index):
        if index is None:
            return NewsPage.objects.none()
        return (
            NewsPage.objects.child_of(index)
            .published()
            .latest_first()
            .prefetch_related("tags")[:FEED_LENGTH]
        )

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_link(self, item):
        return _absolute(item)

    def item_pubdate(self, item):
        """The article's date, at the time it was first published when that was the same day
        (feed readers sort by it)."""
        published = item.first_published_at and timezone.localtime(item.first_published_at)
        if published and published.date() == item.date:
            return published
        return timezone.make_aware(datetime.datetime.combine(item.date, datetime.time()))

    def item_updateddate(self, item):
        return item.last_published_at

    def item_categories(self, item):
        return [tag.name for tag in item.tags.all()]


class NewsAtomFeed(NewsFeed):
    feed_type = Atom1Feed
    url_name = "news:atom"

    def subtitle(self, index):
        return self.description(index)
