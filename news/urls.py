"""The news index and articles are Wagtail pages (``/ar/news/``, ``/fr/actualites/``); here are
only the feeds, under the Arabic index's address in every language."""

from django.urls import path

from news.feeds import NewsAtomFeed, NewsFeed

app_name = "news"

urlpatterns = [
    path("feed/rss/", NewsFeed(), name="rss"),
    path("feed/atom/", NewsAtomFeed(), name="atom"),
]
