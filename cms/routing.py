"""Wagtail's pages found by their address with one query, the way there remembered per generation
of public content (participation/pagecache.py ``remembered``).

Wagtail finds the page of an address by walking the tree: the site of the host, the home page in
the active language, then each part of the path a child of the last, its specific page, and the
view restrictions of the page and its ancestors: nine queries for a consultation's questionnaire,
40 % of answering it (bench/writes.py), and as much on every page a resident sees first in a
generation. None of it changes but with the pages, which move the generation on when they are
published, moved or deleted, as do their view restrictions. So the way to a page (which page,
and the arguments of its sub-page route) and whether the page or an ancestor is restricted are
remembered, and so is the page itself, pickled: each request unpickles its own instance (the
page's row read with its specific model is a join of many columns and two StreamFields: 2.7 ms
of CPU per request, unpickling it 0.04 ms), and reads the restrictions themselves when there are
some.

Wagtail keeps what it found on the request (``request._wagtail_site``,
``request._wagtail_route_for_request``: its documented caches of ``Site.find_for_request`` and
``Page.route_for_request``); ``serve`` fills them in before Wagtail's own view reads them.
"""

from django.apps import apps
from django.db import DEFAULT_DB_ALIAS
from django.utils.translation import get_language
from wagtail import views as wagtail_views
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.url_routing import RouteResult

from participation.pagecache import remembered, remembered_copy

SITE_FIELDS = ("id", "hostname", "port", "site_name", "root_page_id", "is_default_site")


def serve(request, path):
    """Wagtail's ``serve``, the page found through its remembered way."""
    find_page(request, path)
    return wagtail_views.serve(request, path)


def find_page(request, path):
    """Wagtail's ``Page.route_for_request(request, path)``, read from what is remembered."""
    if hasattr(request, "_wagtail_route_for_request"):
        return request._wagtail_route_for_request
    key = (request.get_host(), request.get_port(), get_language(), path)
    site_fields, way = remembered(
        ("wagtail-route", *key), lambda: _way_to(request, path), tree=True
    )
    if hasattr(request, "_wagtail_route_for_request"):  # walked just now, by Wagtail
        route = request._wagtail_route_for_request
        if route is not None and way is not None:  # the page as the walk read it, kept for the next
            remembered_copy(_page_key(way), lambda: route.page, tree=True)
    else:
        if site_fields is not None:
            request._wagtail_site = Site.from_db(
                DEFAULT_DB_ALIAS, list(site_fields), list(site_fields.values())
            )
        route = request._wagtail_route_for_request = _page_at(way)
    if route is not None:
        route.page.get_view_restrictions = _restrictions_of(route.page)
    return route


def _way_to(request, path):
    """Walk as Wagtail does, and keep what the walk found: the site's fields, and the page's
    model, id and route arguments (None where Wagtail found nothing)."""
    site = Site.find_for_request(request)
    site_fields = None if site is None else {name: getattr(site, name) for name in SITE_FIELDS}
    route = Page.route_for_request(request, path)  # None where Wagtail answers 404
    if route is None:
        return site_fields, None
    page, args, kwargs = route
    return site_fields, (page._meta.label, page.pk, tuple(args), dict(kwargs))


def _page_at(route):
    if route is None:
        return None
    label, pk, args, kwargs = route
    page = remembered_copy(_page_key(route), lambda: _live_page(label, pk), tree=True)
    if page is None:  # unpublished or deleted since the way was remembered
        return None
    return RouteResult(page, args=args, kwargs=dict(kwargs))


def _page_key(way):
    label, pk, _args, _kwargs = way
    return ("wagtail-page", label, pk)


def _live_page(label, pk):
    return apps.get_model(label)._default_manager.filter(pk=pk, live=True).first()


def _restrictions_of(page):
    """``page.get_view_restrictions`` that answers "none" without a query when the page and its
    ancestors have none, as almost all have (remembered); else Wagtail's. Set on the instance
    this request serves: Wagtail's ``check_view_restrictions`` asks the page."""
    wagtails = page.get_view_restrictions

    def get_view_restrictions():
        restricted = remembered(
            ("wagtail-restricted", page.pk), lambda: wagtails().exists(), tree=True
        )
        return wagtails() if restricted else PageViewRestriction.objects.none()

    return get_view_restrictions
