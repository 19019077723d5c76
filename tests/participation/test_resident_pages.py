"""Pages residents share (participation/pagecache.py, participation/personal.py): a page rendered
for one resident is served to the next ones with their own account menu, sign box, follow button
and CSRF token; what each of them gets is exactly what a fresh render gives them; the author of
the content, staff, and sessions with something of their own (a flash message, a comment draft)
always get a fresh render; the token of a served page is accepted."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from participation import services as participation_services
from participation.pagecache import HIT_HEADER
from petitions import services as petition_services
from petitions.models import Signature
from tests.factories import (
    ResidentFactory,
    UnverifiedResidentFactory,
    make_moderator,
    make_petition,
    make_signatory,
)

pytestmark = pytest.mark.django_db

# What each render makes anew: the masked CSRF token, the comment form's submission key.
ANEW = re.compile(r'name="(csrfmiddlewaretoken|submission)" value="[^"]+"')


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    settings.SHARIK_PAGE_CACHE_SECONDS = 60


def client_of(user):
    client = Client()
    client.force_login(user)
    return client


def read(client, path):
    response = client.get(path)
    assert response.status_code == 200
    return response


def without_tokens(response):
    """The page with what each render makes anew blanked."""
    return ANEW.sub(r'name="\1" value=""', response.content.decode())


def fresh(settings, client, path):
    """What ``client`` gets with no page kept or served."""
    settings.SHARIK_PAGE_CACHE_SECONDS = 0
    try:
        return read(client, path)
    finally:
        settings.SHARIK_PAGE_CACHE_SECONDS = 60


def served_to(settings, path, readers):
    """Each reader's page (``{kind: user}``), checked equal to a fresh render for them; returns
    how each was served ("hit": the shared copy; None: a fresh render)."""
    served = {}
    for kind, user in readers.items():
        client = client_of(user)
        response = read(client, path)
        served[kind] = response.get(HIT_HEADER)
        assert without_tokens(response) == without_tokens(fresh(settings, client, path)), kind
    return served


@pytest.fixture
def petition():
    petition = make_petition(title="عريضة تهيئة الكورنيش", threshold=5)
    signatory = make_signatory()
    petition_services.sign(signatory, petition)
    return petition


def test_a_resident_is_served_the_page_another_resident_left_with_their_own_menu():
    first = ResidentFactory(display_name="سلمى")
    second = ResidentFactory(display_name="يوسف")
    left = read(client_of(first), "/ar/petitions/")
    served = read(client_of(second), "/ar/petitions/")
    assert left[HIT_HEADER] == "miss"
    assert served[HIT_HEADER] == "hit"
    page = served.content.decode()
    assert "يوسف" in page and "سلمى" not in page
    assert "sharik-personal" not in page and "sharikcsrf" not in page


def test_every_kind_of_reader_gets_from_the_shared_page_what_a_fresh_render_gives_them(
    settings, petition
):
    """The petition page, kept from one resident's reading, served to readers who each see
    something of their own: signed, may sign, must declare their identity first, email not
    confirmed, following, the mandataire, a comment's author, a moderator."""
    path = petition.get_absolute_url()
    commenter = ResidentFactory(display_name="كاتب التعليق")
    participation_services.post_comment(commenter, petition, "تعليق أول على العريضة")
    follower = make_signatory()
    participation_services.follow(follower, petition)
    signed = Signature.objects.exclude(user=petition.mandataire).get(petition=petition).user
    readers = {
        "may sign": make_signatory(),
        "signed": signed,
        "must declare identity": ResidentFactory(),
        "email not confirmed": UnverifiedResidentFactory(),
        "following": follower,
        "mandataire": petition.mandataire,
        "comment author": commenter,
        "moderator": make_moderator(),
    }
    read(client_of(make_signatory()), path)  # kept for verified residents
    read(client_of(UnverifiedResidentFactory()), path)  # and for the others
    assert served_to(settings, path, readers) == {
        "may sign": "hit",
        "signed": "hit",
        "must declare identity": "hit",
        "email not confirmed": "hit",
        "following": "hit",
        "mandataire": None,  # their own links and the whole timeline
        "comment author": None,  # their comment's links
        "moderator": None,  # staff and anyone with a permission
    }


def test_what_each_reader_sees_of_their_own(petition):
    path = petition.get_absolute_url()
    read(client_of(make_signatory()), path)
    signed = Signature.objects.get(petition=petition).user
    pages = {
        "signed": read(client_of(signed), path),
        "may sign": read(client_of(make_signatory()), path),
        "must declare identity": read(client_of(ResidentFactory()), path),
    }
    assert {response[HIT_HEADER] for response in pages.values()} == {"hit"}
    assert 'value="withdraw"' in pages["signed"].content.decode()
    assert 'value="sign"' not in pages["signed"].content.decode()
    assert 'value="sign"' in pages["may sign"].content.decode()
    assert 'value="sign"' not in pages["must declare identity"].content.decode()
    assert "/ar/profile/identity/" in pages["must declare identity"].content.decode()


def test_the_token_of_a_served_page_signs_the_petition(petition):
    read(client_of(make_signatory()), petition.get_absolute_url())
    reader = make_signatory()
    client = Client(enforce_csrf_checks=True)
    client.force_login(reader)
    page = read(client, petition.get_absolute_url())
    assert page[HIT_HEADER] == "hit"
    token = re.search(
        rf'action="/ar/petitions/{petition.pk}/sign/" novalidate>\s*<input type="hidden" '
        r'name="csrfmiddlewaretoken" value="([^"]+)"',
        page.content.decode(),
    ).group(1)
    response = client.post(
        f"/ar/petitions/{petition.pk}/sign/",
        {"csrfmiddlewaretoken": token, "action": "sign", "accept": "on"},
    )
    assert response.status_code == 302
    assert Signature.objects.filter(petition=petition, user=reader).exists()


def test_a_served_page_costs_a_few_queries_whatever_the_thread(petition):
    path = petition.get_absolute_url()
    for number in range(12):
        participation_services.post_comment(ResidentFactory(), petition, f"تعليق رقم {number}")
    read(client_of(make_signatory()), path)
    client = client_of(make_signatory())
    read(client, "/ar/petitions/")  # the session's first read
    with CaptureQueriesContext(connection) as captured:
        response = read(client, path)
    assert response[HIT_HEADER] == "hit"
    # Their unread notifications, their signature, whether they follow: three queries, whatever
    # the page shows (the reader is remembered with their declaration; the session is in Redis
    # in production, in the database here).
    queries = [q["sql"] for q in captured.captured_queries if "django_session" not in q["sql"]]
    assert len(queries) == 3, queries
    assert not any("identitydeclaration" in sql for sql in queries)


def test_a_session_with_something_of_its_own_gets_a_fresh_page(client, petition):
    path = petition.get_absolute_url()
    read(client_of(make_signatory()), path)
    reader = make_signatory()
    client.force_login(reader)
    client.post(f"/ar/petitions/{petition.pk}/sign/", {"action": "sign"})  # not ticked
    response = read(client, path)
    assert HIT_HEADER not in response
    assert "message--error" in response.content.decode()
    # The message shown, the page is shared again.
    assert read(client, path)[HIT_HEADER] == "hit"


def test_anonymous_visitors_and_residents_never_get_each_others_pages(petition):
    path = petition.get_absolute_url()
    resident = make_signatory(full_name="سلمى العلوي")
    resident.display_name = "سلمى"
    resident.save()
    read(client_of(resident), path)
    anonymous = read(Client(), path)
    assert anonymous[HIT_HEADER] == "miss"
    assert "سلمى" not in anonymous.content.decode()
    assert read(Client(), path)[HIT_HEADER] == "hit"
    again = read(client_of(resident), path)
    assert again[HIT_HEADER] == "hit"
    assert "سلمى" in again.content.decode()


# The change commits for real: the shared pages move on only once it is committed.
@pytest.mark.django_db(transaction=True)
def test_a_signature_ends_the_shared_page():
    petition = make_petition(threshold=5)
    path = petition.get_absolute_url()
    first, reader = (client_of(make_signatory()) for _ in range(2))
    signatory = make_signatory()
    read(first, path)  # the site's first page may create its settings row: a change
    read(first, path)
    assert read(reader, path)[HIT_HEADER] == "hit"
    petition_services.sign(signatory, petition)
    after = read(reader, path)
    assert after[HIT_HEADER] == "miss"
    assert after.context["petition"].signature_count == 1


def test_the_shared_lists_home_and_plan_pages_are_what_a_fresh_render_gives(settings):
    from tests.factories import make_axis, make_project

    axis = make_axis()
    make_project(axis)
    paths = ["/ar/", "/ar/proposals/", "/ar/petitions/", axis.url, axis.get_parent().url]
    leaver, reader = client_of(make_signatory()), client_of(ResidentFactory(display_name="نادية"))
    for path in paths:
        read(leaver, path)
        served = read(reader, path)
        assert served[HIT_HEADER] == "hit", path
        assert without_tokens(served) == without_tokens(fresh(settings, reader, path)), path
        assert "نادية" in served.content.decode()


def test_every_kind_of_reader_of_a_proposal_gets_what_a_fresh_render_gives_them(settings):
    from tests.proposals.factories import ProposalFactory, SupportFactory

    proposal = ProposalFactory()
    path = proposal.get_absolute_url()
    commenter = ResidentFactory()
    participation_services.post_comment(commenter, proposal, "فكرة جيدة")
    supporter = SupportFactory(proposal=proposal).user
    readers = {
        "may support": ResidentFactory(),
        "supports": supporter,
        "email not confirmed": UnverifiedResidentFactory(),
        "author": proposal.author,
        "comment author": commenter,
    }
    read(client_of(ResidentFactory()), path)
    read(client_of(UnverifiedResidentFactory()), path)
    assert served_to(settings, path, readers) == {
        "may support": "hit",
        "supports": "hit",
        "email not confirmed": "hit",
        "author": None,
        "comment author": None,
    }
    assert 'value="withdraw"' in read(client_of(supporter), path).content.decode()
    assert 'value="support"' in read(client_of(ResidentFactory()), path).content.decode()
