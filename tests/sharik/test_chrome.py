"""The site chrome (navigation, language links, footer links) and the names of terms are worked out
once per language and generation of public content (participation/pagecache.py ``remembered``),
and a page published or a term renamed shows at the next request."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import ResidentFactory, make_discussion_page, make_petition


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


@pytest.mark.django_db(transaction=True)
def test_a_renamed_arrondissement_shows_at_the_next_request(client):
    from participation.models import Arrondissement

    client.force_login(ResidentFactory())
    arrondissement = Arrondissement.objects.canonical().first()
    petition = make_petition()
    petition.arrondissements.set([arrondissement])
    url = petition.get_absolute_url()
    for _ in range(2):  # the first read of the site also creates its footer links' settings
        queries(client, url)
    remembered, before = queries(client, url)
    assert arrondissement.name in before
    arrondissement.name = "حي جديد الاسم"
    arrondissement.save()
    anew, after = queries(client, url)
    assert "حي جديد الاسم" in after
    assert anew > remembered  # the names were read again, once, after the change


@pytest.mark.django_db(transaction=True)
def test_the_plan_dashboard_shows_a_progress_update_at_the_next_request(client):
    """The plan's figures are remembered per generation for logged-in readers
    (plan/views.py): a progress update is shown at once."""
    from datetime import date

    from plan import services as plan_services
    from tests.factories import make_axis, make_editor, make_project

    axis = make_axis(title="محور القياس", slug="measured-axis")
    project = make_project(axis, title="مشروع القياس")
    client.force_login(ResidentFactory())
    for _ in range(2):
        queries(client, axis.url)
    remembered, before = queries(client, axis.url)
    plan_services.post_update(
        make_editor(), project, date(2026, 11, 1), "تقدم", status="in_progress", percent=73
    )
    anew, after = queries(client, axis.url)
    # The project's card: its progress bar's value.
    assert 'value="73"' not in before
    assert 'value="73"' in after
    assert anew > remembered
