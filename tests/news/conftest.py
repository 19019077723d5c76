"""The news factories as fixtures (pytest-factoryboy): ``news_index_page`` and ``news_page``,
each with its ``*_factory`` fixture."""

from pytest_factoryboy import register

from tests.news.factories import NewsIndexPageFactory, NewsPageFactory

register(NewsIndexPageFactory)
register(NewsPageFactory)
