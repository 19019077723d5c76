"""The staff admin speaks to staff as Sharik: in the language of their profile, under Sharik's
name, with menus that say what they hold, no screen to create what residents create, and a
dashboard that opens on each member's queues (participation/workspace.py)."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, get_resolver, resolve, reverse
from django.utils import timezone, translation
from wagtail.admin.menu import SubmenuMenuItem, admin_menu
from wagtail.models import Page
from wagtail.users.models import UserProfile

from information.models import RequestStatus
from participation.models import ReportStatus
from petitions.models import PetitionStatus
from proposals.models import ProposalStatus
from tests.information.factories import InformationOfficerFactory, file
from tests.participation.factories import (
    EditorFactory,
    ModeratorFactory,
    OfficialFactory,
    ReportFactory,
)
from tests.petitions.factories import PetitionFactory
from tests.proposals.factories import ProposalFactory

pytestmark = pytest.mark.django_db

DASHBOARD = "/staff/"


def html_lang(response):
    return re.search(r'<html lang="([\w-]+)"', response.content.decode()).group(1)


def title(response):
    return re.search(r"<title>(.*?)</title>", response.content.decode(), re.S).group(1)


# --- The staff member's language ----------------------------------------------------------


@pytest.mark.parametrize(("profile", "browser"), [("ar", "fr"), ("fr", "ar"), ("en", "ar")])
def test_the_admin_speaks_the_profile_language_not_the_browsers(client, profile, browser):
    editor = EditorFactory(preferred_language=profile)
    client.force_login(editor)
    client.cookies["sharik_language"] = browser
    response = client.get(DASHBOARD, HTTP_ACCEPT_LANGUAGE=browser)
    assert response.status_code == 200
    assert html_lang(response) == profile
    listing = client.get(reverse("wagtailadmin_explore_root"), HTTP_ACCEPT_LANGUAGE=browser)
    assert html_lang(listing) == profile


def test_staff_who_read_sharik_in_amazigh_work_in_arabic(client):
    """Amazigh is not one of the admin's languages (WAGTAILADMIN_PERMITTED_LANGUAGES)."""
    editor = EditorFactory(preferred_language="zgh")
    client.force_login(editor)
    response = client.get(DASHBOARD, HTTP_ACCEPT_LANGUAGE="fr")
    assert html_lang(response) == "ar"
    assert 'dir="rtl"' in response.content.decode()


def test_the_language_chosen_in_the_admins_own_settings_wins(client):
    editor = EditorFactory(preferred_language="ar")
    UserProfile.objects.create(user=editor, preferred_language="fr")
    client.force_login(editor)
    assert html_lang(client.get(DASHBOARD, HTTP_ACCEPT_LANGUAGE="ar")) == "fr"


# --- Sharik's name ------------------------------------------------------------------------


def test_no_title_says_wagtail(client, admin_user):
    client.force_login(admin_user)
    home = Page.objects.get(depth=2, locale__language_code="ar")
    for url in (
        DASHBOARD,
        reverse("proposals_proposal:index"),
        reverse("wagtailadmin_pages:edit", args=[home.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "wagtail" not in title(response).lower(), (url, title(response))
        assert "شارك" in title(response)  # "Sharik", in the admin's language (Arabic)
        assert "sharik/css/admin.css" in response.content.decode()  # the commune's colours


def test_the_sign_in_page_says_sharik(client):
    response = client.get(reverse("wagtailadmin_login"), HTTP_ACCEPT_LANGUAGE="fr")
    assert "wagtail" not in title(response).lower()
    assert "Sign in to Wagtail" not in response.content.decode()


# --- Menus and screens --------------------------------------------------------------------


def menu_labels(request, items):
    for item in items:
        yield str(item.label)
        if isinstance(item, SubmenuMenuItem):
            yield from menu_labels(request, item.menu.menu_items_for_request(request))


def test_every_menu_has_its_own_name(admin_user):
    request = RequestFactory().get(DASHBOARD)
    request.user = admin_user
    with translation.override("fr"):
        top = admin_menu.menu_items_for_request(request)
        labels = [label.casefold() for label in menu_labels(request, top)]
    duplicates = {label for label in labels if labels.count(label) > 1}
    assert not duplicates
    assert "reports" not in labels  # Wagtail's page reports and the abuse reports are named


def test_the_page_trees_root_has_a_name(client, admin_user):
    client.force_login(admin_user)
    response = client.get(reverse("wagtailadmin_explore_root"))
    assert ">Root<" not in response.content.decode()
    root = Page.get_first_root_node()
    with translation.override("fr"):
        assert root.get_admin_display_title() not in {"Root", ""}
    assert Page.objects.get(depth=2, locale__language_code="ar").get_admin_display_title() != ""


RESIDENT_CONTENT = ("proposals_proposal", "petitions_petition", "participation_report")


@pytest.mark.parametrize("viewset", RESIDENT_CONTENT)
def test_no_screen_adds_what_residents_create(client, admin_user, viewset):
    with pytest.raises(NoReverseMatch):
        reverse(f"{viewset}:add")
    client.force_login(admin_user)
    index = reverse(f"{viewset}:index")
    page = client.get(index).content.decode()
    assert f'href="{index}new/' not in page
    assert resolve(f"{index}new/").url_name != "add"  # the admin's "not found" catch-all


def test_no_admin_address_adds_a_comment_or_a_report():
    """Comments have no admin screen of their own; no viewset of any kind of resident
    content has an add view."""
    names = [name for name in get_resolver().reverse_dict if isinstance(name, str)]
    namespaces = get_resolver().namespace_dict
    assert not any("comment" in namespace for namespace in namespaces)
    for namespace in RESIDENT_CONTENT:
        resolver = namespaces[namespace][1]
        assert "add" not in resolver.reverse_dict, namespace
    assert names  # the walk saw the admin's addresses


# --- The dashboard's queues ---------------------------------------------------------------


def queue_count(response, name):
    """The count a queue's panel shows, or None when the dashboard has no such panel."""
    page = response.content.decode()
    section = re.search(rf'id="queue-{name}-section".*?</section>', page, re.S)
    if section is None:
        return None
    return int(re.search(r"data-queue-count>(\d+)<", section.group(0)).group(1))


@pytest.fixture
def waiting_work():
    """Known data: 2 proposals and 1 petition to moderate, 3 open reports (and what no longer
    waits: a published proposal, a kept report, a collecting petition)."""
    ProposalFactory.create_batch(2, status=ProposalStatus.PENDING)
    ProposalFactory(status=ProposalStatus.PUBLISHED)
    ReportFactory.create_batch(3)
    ReportFactory(status=ReportStatus.KEPT)
    PetitionFactory(status=PetitionStatus.PENDING)
    PetitionFactory()


def test_a_moderator_opens_on_their_queues(client, waiting_work):
    moderator = ModeratorFactory()
    client.force_login(moderator)
    response = client.get(DASHBOARD)
    assert queue_count(response, "proposals") == 2
    assert queue_count(response, "reports") == 3
    assert queue_count(response, "petitions") == 1
    page = response.content.decode()
    assert f'href="{reverse("proposals_proposal:index")}?status=pending"' in page
    assert f'href="{reverse("participation_report:index")}?status=open"' in page
    assert queue_count(response, "information_requests") is None


def test_an_editor_sees_no_moderation_queue(client, waiting_work):
    client.force_login(EditorFactory())
    response = client.get(DASHBOARD)
    assert response.status_code == 200
    for name in ("proposals", "reports", "petitions", "information_requests"):
        assert queue_count(response, name) is None, name


def test_an_official_sees_the_filed_petitions_nearest_deadline_first(client):
    PetitionFactory(filed=True, title="الأقدم", filed_at=timezone.now() - timedelta(days=40))
    PetitionFactory(filed=True, title="الأحدث")
    client.force_login(OfficialFactory())  # the Officials role decides (sharik/roles.py)
    response = client.get(DASHBOARD)
    assert queue_count(response, "admissibility") == 2
    page = response.content.decode()
    assert page.index("الأقدم") < page.index("الأحدث")


def test_an_information_officer_sees_requests_by_due_date(client):
    first = file(subject="الطلب الأول")
    file(subject="الطلب الثاني")
    answered = file(subject="طلب أجيب عنه")
    answered.status = RequestStatus.ANSWERED
    answered.save()
    client.force_login(InformationOfficerFactory())
    response = client.get(DASHBOARD)
    assert queue_count(response, "information_requests") == 2
    page = response.content.decode()
    assert reverse("information_request:review", args=[first.pk]) in page
    assert "طلب أجيب عنه" not in page


def dashboard_queries(client, user):
    client.force_login(user)
    client.get(DASHBOARD)  # what is read once per process or per session (caches, profile)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(DASHBOARD)
    assert response.status_code == 200
    return len(queries), response


def test_the_dashboard_costs_the_same_for_3_or_30_waiting_items(client):
    moderator = ModeratorFactory()
    ProposalFactory.create_batch(3, status=ProposalStatus.PENDING)
    ReportFactory.create_batch(3)
    PetitionFactory.create_batch(3, status=PetitionStatus.PENDING)
    few, response = dashboard_queries(client, moderator)
    assert queue_count(response, "proposals") == 3
    ProposalFactory.create_batch(27, status=ProposalStatus.PENDING)
    ReportFactory.create_batch(27)
    PetitionFactory.create_batch(27, status=PetitionStatus.PENDING)
    many, response = dashboard_queries(client, moderator)
    assert queue_count(response, "proposals") == 30
    assert queue_count(response, "reports") == 30
    assert many == few


def test_the_information_queue_costs_the_same_for_3_or_30_requests(client):
    officer = InformationOfficerFactory()
    for _ in range(3):
        file()
    few, _response = dashboard_queries(client, officer)
    for _ in range(27):
        file()
    many, response = dashboard_queries(client, officer)
    assert queue_count(response, "information_requests") == 30
    assert many == few
