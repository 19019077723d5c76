"""The anonymous full-page cache (participation/pagecache.py): served without a query to the
next anonymous visitor, never to or from a logged-in resident, never with a CSRF token, one entry
per language, and ended by every change that shows on a page."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from participation import services as participation_services
from participation.pagecache import HIT_HEADER
from petitions import services as petition_services
from tests.factories import ResidentFactory, make_discussion_page, make_petition, make_signatory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    settings.SHARIK_PAGE_CACHE_SECONDS = 60


def read(path, client=None):
    client = client or Client()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    return response, len(queries)


def cached(path):
    """Read ``path`` until it is served from the cache (the first read of a site may create its
    settings row, which itself ends the page it renders)."""
    for _ in range(3):
        response, _queries = read(path)
        if response[HIT_HEADER] == "hit":
            return response
    raise AssertionError(f"{path} is never served from the cache")


def test_an_anonymous_visitor_gets_the_page_the_previous_one_got_without_a_query():
    petition = make_petition(title="عريضة الكورنيش")
    first, _ = read(petition.get_absolute_url())
    second, queries = read(petition.get_absolute_url())
    assert first[HIT_HEADER] == "miss"
    assert second[HIT_HEADER] == "hit"
    assert queries == 0
    assert second.content == first.content
    assert "عريضة الكورنيش" in second.content.decode()
    assert second["Content-Type"] == first["Content-Type"]
    assert "Cookie" in second["Vary"]
    assert second["Content-Security-Policy"] == first["Content-Security-Policy"]


def test_a_migrate_ends_the_kept_pages(transactional_db):
    """Every upgrade runs ``migrate``: a page kept by the release before is not served by the new
    one (its templates may show it otherwise), though no content changed."""
    from django.core.management import call_command

    petition = make_petition(title="عريضة الكورنيش")
    cached(petition.get_absolute_url())
    call_command("migrate", verbosity=0)
    assert read(petition.get_absolute_url())[0][HIT_HEADER] == "miss"


def test_each_language_has_its_own_page():
    read("/ar/petitions/")
    french, _ = read("/fr/petitions/")
    assert french[HIT_HEADER] == "miss"
    assert 'lang="fr"' in french.content.decode()
    assert read("/fr/petitions/")[0][HIT_HEADER] == "hit"


def test_logged_in_residents_never_get_or_leave_an_anonymous_page(client):
    """(Residents share pages of their own: tests/participation/test_resident_pages.py.)"""
    resident = ResidentFactory(display_name="سلمى")
    client.force_login(resident)
    mine, _ = read("/ar/petitions/", client)
    assert mine[HIT_HEADER] == "miss"  # kept for residents only
    anonymous, _ = read("/ar/petitions/")
    assert anonymous[HIT_HEADER] == "miss"
    assert "سلمى" not in anonymous.content.decode()
    assert read("/ar/petitions/")[0][HIT_HEADER] == "hit"
    again, _ = read("/ar/petitions/", client)
    assert again[HIT_HEADER] == "hit"
    assert "سلمى" in again.content.decode()
    assert again.content != anonymous.content


def test_pages_with_a_csrf_token_are_never_kept():
    read("/ar/accounts/login/")
    second, _ = read("/ar/accounts/login/")
    assert HIT_HEADER not in second
    assert "csrfmiddlewaretoken" in second.content.decode()


# The changes below commit for real: the cache moves on only once they are committed.
@pytest.mark.django_db(transaction=True)
def test_a_signature_counted_ends_the_cached_petition_page():
    petition = make_petition(threshold=3)
    url = petition.get_absolute_url()
    cached(url)
    petition_services.sign(make_signatory(), petition)
    petition.refresh_from_db()
    assert petition.signature_count == 1
    fresh, _ = read(url)
    assert fresh[HIT_HEADER] == "miss"
    assert fresh.context["petition"].signature_count == 1


@pytest.mark.django_db(transaction=True)
def test_a_comment_ends_the_cached_discussion():
    page = make_discussion_page()
    cached(page.url)
    participation_services.post_comment(ResidentFactory(), page, "تعليق جديد على الصفحة")
    fresh, _ = read(page.url)
    assert fresh[HIT_HEADER] == "miss"
    assert "تعليق جديد على الصفحة" in fresh.content.decode()


@pytest.mark.django_db(transaction=True)
def test_a_published_page_ends_the_cached_pages():
    page = make_discussion_page(title="عنوان قديم")
    cached(page.url)
    page.title = "عنوان جديد"
    page.save_revision().publish()
    fresh, _ = read(page.url)
    assert fresh[HIT_HEADER] == "miss"
    assert "عنوان جديد" in fresh.content.decode()


@pytest.mark.django_db(transaction=True)
def test_a_change_rolled_back_leaves_the_cache_alone():
    from django.db import transaction

    petition = make_petition()
    cached(petition.get_absolute_url())
    try:
        with transaction.atomic():
            petition.title = "لن يحفظ"
            petition.save()
            raise RuntimeError
    except RuntimeError:
        pass
    assert read(petition.get_absolute_url())[0][HIT_HEADER] == "hit"


def test_a_visitor_with_a_session_is_served_fresh():
    url = reverse("petitions:list")
    read(url)
    client = Client()
    client.cookies["sessionid"] = "whatever"
    response, queries = read(url, client)
    assert HIT_HEADER not in response and queries > 0
