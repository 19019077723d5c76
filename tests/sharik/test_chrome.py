"""The site chrome (navigation, language links, footer links) is worked out once per language and
generation of public content (sharik/chrome.py), and a page published or retitled shows in it at
the next request."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import ResidentFactory, make_discussion_page


def queries(client, path):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200
    return len(captured), response.content.decode()


@pytest.mark.django_db
def test_the_chrome_costs_no_query_once_remembered(client):
    client.force_login(ResidentFactory())
    first, _ = queries(client, "/ar/petitions/")
    second, page = queries(client, "/ar/petitions/")
    assert second < first
    assert 'aria-current="page"' in page  # "Petitions" is marked current, per request
    other, french = queries(client, "/fr/petitions/")  # another language is worked out anew
    assert other > second
    assert 'href="/ar/petitions/"' in french  # its language link back to Arabic


@pytest.mark.django_db(transaction=True)
def test_a_page_put_in_the_menu_shows_at_the_next_request(client):
    client.force_login(ResidentFactory())
    _, before = queries(client, "/ar/petitions/")
    page = make_discussion_page(title="صفحة جديدة في القائمة", slug="new-menu-page")
    page.show_in_menus = True
    page.save_revision().publish()
    _, after = queries(client, "/ar/petitions/")
    assert "صفحة جديدة في القائمة" not in before
    assert "صفحة جديدة في القائمة" in after
