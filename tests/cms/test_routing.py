"""Pages found by their address through remembered ways (cms/routing.py): no query for the page
once it is known in a generation, and every change to the tree or to who may see a page
taking effect at the next request."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from participation import pagecache
from tests.cms.factories import StandardPageFactory
from tests.factories import ResidentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def resident_client(client):
    client.force_login(ResidentFactory())
    return client


def _tables_read(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    sql = " ".join(query["sql"] for query in captured.captured_queries)
    return response, sql


def test_a_page_whose_way_is_known_is_served_without_reading_it(resident_client):
    section = StandardPageFactory(title="قسم", slug="section")
    StandardPageFactory(title="صفحة فرعية", slug="child", parent=section)
    first, walked = _tables_read(resident_client, "/ar/section/child/")
    assert first.status_code == 200 and "صفحة فرعية" in first.content.decode()
    assert "wagtailcore_site" in walked and "wagtailcore_pageviewrestriction" in walked

    again, sql = _tables_read(resident_client, "/ar/section/child/")
    assert again.status_code == 200 and "صفحة فرعية" in again.content.decode()
    assert "wagtailcore_site" not in sql  # the site, the walk and the restrictions remembered
    assert "wagtailcore_locale" not in sql
    assert "wagtailcore_pageviewrestriction" not in sql
    assert 'FROM "wagtailcore_page"' not in sql and "FROM wagtailcore_page" not in sql


@pytest.mark.django_db(transaction=True)
def test_a_page_published_again_is_served_as_published(resident_client):
    page = StandardPageFactory(title="العنوان الأول", slug="edited")
    for _ in range(2):
        assert "العنوان الأول" in resident_client.get("/ar/edited/").content.decode()
    page.title = "العنوان المصحح"
    page.save_revision().publish()
    content = resident_client.get("/ar/edited/").content.decode()
    assert "العنوان المصحح" in content and "العنوان الأول" not in content


def test_each_request_gets_its_own_instance_of_a_remembered_page(rf):
    """What a request caches on its page (a cached property, an attribute) is not seen by the
    next: the page is kept pickled, not as an instance."""
    from cms.routing import _page_at

    page = StandardPageFactory(slug="own-instance")
    way = ("cms.standardpage", page.pk, (), {})
    token = pagecache._tree_generation.set(1)
    try:
        first = _page_at(way).page
        first.title = "غيرها طلب"
        second = _page_at(way).page
    finally:
        pagecache._tree_generation.reset(token)
    assert second is not first and second.title == page.title


# These commit, as an editor's change does: its commit moves the generation on.
@pytest.mark.django_db(transaction=True)
def test_a_restriction_added_after_the_page_was_served_applies_at_once(resident_client):
    page = StandardPageFactory(title="صفحة ستصبح خاصة", slug="soon-private")
    assert resident_client.get("/ar/soon-private/").status_code == 200
    assert resident_client.get("/ar/soon-private/").status_code == 200  # remembered as open
    PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )
    content = resident_client.get("/ar/soon-private/").content.decode()
    assert "نص الصفحة" not in content  # the page's text (its title shows on the password form)
    assert 'name="password"' in content


def test_a_restricted_ancestor_keeps_its_pages_private_when_remembered(resident_client):
    section = StandardPageFactory(title="قسم داخلي", slug="internal")
    StandardPageFactory(title="مذكرة داخلية", slug="memo", parent=section)
    PageViewRestriction.objects.create(
        page=section, restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )
    for _ in range(2):
        content = resident_client.get("/ar/internal/memo/").content.decode()
        assert "نص الصفحة" not in content and 'name="password"' in content


@pytest.mark.django_db(transaction=True)
def test_an_unpublished_or_moved_page_is_not_served_at_its_old_address(resident_client):
    gone = StandardPageFactory(title="صفحة ستسحب", slug="withdrawn")
    moving = StandardPageFactory(title="صفحة ستنقل", slug="old-address")
    target = StandardPageFactory(title="قسم جديد", slug="new-section")
    for url in ("/ar/withdrawn/", "/ar/old-address/"):
        assert resident_client.get(url).status_code == 200
        assert resident_client.get(url).status_code == 200
    gone.unpublish()
    moving.move(target, pos="last-child")
    assert resident_client.get("/ar/withdrawn/").status_code == 404
    old = resident_client.get("/ar/old-address/")  # Wagtail's redirect to where it went
    assert old.status_code == 301 and old["Location"] == "/ar/new-section/old-address/"
    moved = resident_client.get("/ar/new-section/old-address/")
    assert moved.status_code == 200 and "صفحة ستنقل" in moved.content.decode()


def test_an_unknown_address_stays_not_found(resident_client):
    StandardPageFactory(slug="known")
    for _ in range(2):
        assert resident_client.get("/ar/known/unknown/").status_code == 404


@pytest.mark.django_db(transaction=True)
def test_a_page_moved_without_a_redirect_is_found_at_its_new_address(resident_client, settings):
    """Without the redirect Wagtail usually leaves (a saved row of its own), the moved page's
    own save moves the generation on."""
    settings.WAGTAILREDIRECTS_AUTO_CREATE = False
    moving = StandardPageFactory(title="صفحة ستنقل", slug="old-address")
    target = StandardPageFactory(title="قسم جديد", slug="new-section")
    assert resident_client.get("/ar/old-address/").status_code == 200
    assert resident_client.get("/ar/old-address/").status_code == 200
    moving.move(target, pos="last-child")
    assert resident_client.get("/ar/old-address/").status_code == 404
    assert resident_client.get("/ar/new-section/old-address/").status_code == 200


@pytest.mark.django_db(transaction=True)
def test_a_count_moving_the_content_on_leaves_the_way_and_the_page_remembered(
    resident_client, monkeypatch
):
    """A recount moves the generation of public content (every second on a busy petition); the
    tree of pages did not change, so the way to a page and the page are not worked out again."""
    from cms import routing

    StandardPageFactory(title="صفحة مزدحمة", slug="busy")
    for _ in range(2):
        assert resident_client.get("/ar/busy/").status_code == 200
    walks, reads = [], []
    way_to, live_page = routing._way_to, routing._live_page
    monkeypatch.setattr(routing, "_way_to", lambda *a: walks.append(1) or way_to(*a))
    monkeypatch.setattr(routing, "_live_page", lambda *a: reads.append(1) or live_page(*a))
    pagecache.pages_changed()  # what a recount does
    assert "صفحة مزدحمة" in resident_client.get("/ar/busy/").content.decode()
    assert (walks, reads) == ([], [])
    pagecache.tree_changed()  # what a page saved does (with pages_changed)
    assert "صفحة مزدحمة" in resident_client.get("/ar/busy/").content.decode()
    assert walks == [1]
