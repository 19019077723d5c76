"""Fixtures of the site's pages: the factories of ``factories.py``, registered with
pytest-factoryboy (``home_page``, ``standard_page``, ``site_links`` and their ``*_factory``)."""

from pytest_factoryboy import register

from tests.cms.factories import HomePageFactory, SiteLinksFactory, StandardPageFactory

register(HomePageFactory)
register(StandardPageFactory)
register(SiteLinksFactory)
