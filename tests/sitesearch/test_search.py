"""One search across every kind, in the reader's language, with Arabic spelling variants folded
on both sides, grouped by kind; bad queries answered, never a 500; constant queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.search.backends import get_search_backend

from participation.models import Arrondissement
from proposals.models import Proposal, ProposalCategory, ProposalStatus
from tests.cms.factories import StandardPageFactory
from tests.events.factories import EventPageFactory
from tests.factories import make_consultation, make_petition, translate_consultation
from tests.participation.factories import ResidentFactory
from tests.proposals.factories import ProposalFactory

pytestmark = pytest.mark.django_db

URL = reverse("sitesearch:search")


def _search(client, query, **params):
    response = client.get(URL, {"q": query, **params})
    assert response.status_code == 200
    return response


def _titles(response, key):
    groups = {group["kind"].key: group for group in response.context["groups"]}
    return [result["title"] for result in groups[key]["results"]] if key in groups else []


@pytest.mark.parametrize("typed", ["السكنى", "السكني", "شهاده السكني", "الســكنى", "شَهادة"])
def test_spelling_variants_find_the_page(client, typed):
    StandardPageFactory(title="شهادة السكنى", slug="residence")
    StandardPageFactory(title="رخصة البناء", slug="building")
    assert _titles(_search(client, typed), "pages") == ["شهادة السكنى"]


@pytest.mark.parametrize("typed", ["eclairage", "éclairage", "ECLAIRAGE", "Éclairage public"])
def test_french_is_found_with_or_without_its_accents(client, typed):
    """Folded on both sides (participation/arabic.py): PostgreSQL's "simple" configuration
    keeps accents, so without the folding this fails against it (SQLite's FTS5 drops them)."""
    StandardPageFactory(title="Éclairage public", slug="eclairage")
    StandardPageFactory(title="Éclat de la médina", slug="eclat")
    assert _titles(_search(client, typed), "pages") == ["Éclairage public"]


def test_every_kind_is_searched_and_grouped(client):
    ProposalFactory(title="حديقة الإدارة", body="نص", status=ProposalStatus.PUBLISHED)
    make_petition(title="إنارة حديقة الادارة")
    make_consultation(title="مستقبل حديقة إدارة الحي")
    EventPageFactory(title="لقاء حول حديقة الإدارة")
    response = _search(client, "حديقة ادارة")
    kinds = [group["kind"].key for group in response.context["groups"]]
    assert kinds == ["consultations", "proposals", "petitions", "events"]
    assert response.context["total"] == 4
    assert "حديقة الإدارة" in response.text


def test_what_is_not_public_is_not_found(client):
    ProposalFactory(title="مقترح منشور عن السوق", status=ProposalStatus.PUBLISHED)
    ProposalFactory(title="مقترح مرفوض قبل النشر عن السوق", status=ProposalStatus.PENDING)
    draft = StandardPageFactory(title="صفحة السوق", slug="market")
    draft.unpublish()
    assert _titles(_search(client, "السوق"), "proposals") == ["مقترح منشور عن السوق"]
    assert _titles(_search(client, "السوق"), "pages") == []


def test_pages_are_searched_in_the_readers_language(client):
    consultation = make_consultation(title="النقل العمومي")
    translate_consultation(consultation, "fr")  # title "النقل العمومي (fr)", under /fr/
    arabic = _search(client, "النقل")
    assert [r["url"].split("/")[1] for r in arabic.context["groups"][0]["results"]] == ["ar"]
    french = client.get("/fr/search/", {"q": "النقل"})
    assert [r["url"].split("/")[1] for r in french.context["groups"][0]["results"]] == ["fr"]


def test_one_kind_page_by_page(client):
    for number in range(25):
        ProposalFactory(title=f"ملعب القرب {number}", status=ProposalStatus.PUBLISHED)
    everything = _search(client, "ملعب")
    group = everything.context["groups"][0]
    assert (len(group["results"]), group["count"]) == (5, 25)
    assert "kind=proposals" in everything.text
    first = _search(client, "ملعب", kind="proposals")
    assert len(first.context["groups"][0]["results"]) == 20
    second = _search(client, "ملعب", kind="proposals", page=2)
    assert len(second.context["groups"][0]["results"]) == 5


@pytest.mark.parametrize(
    "query",
    ['"', "*", "(", ")", "AND", "OR NOT", "-", "'; DROP TABLE", "a" * 500, "ـــ", "\u064b",
     "NEAR(a b)", "title:x", "^", "%", "ملعب*", '"ملعب'],
)  # fmt: skip
def test_any_query_gets_an_answer(client, query):
    ProposalFactory(title="ملعب", status=ProposalStatus.PUBLISHED)
    response = _search(client, query)
    assert "form" in response.text
    assert _search(client, query, kind="nonsense", page="x").status_code == 200


def test_no_query_shows_the_form_only(client):
    response = _search(client, "   ")
    assert response.context["groups"] == [] and 'name="q"' in response.text


def _count(client, query):
    client.get(URL, {"q": query})
    with CaptureQueriesContext(connection) as captured:
        client.get(URL, {"q": query})
    return len(captured)


def _proposals(count, offset, author):
    """``count`` published proposals about the market, indexed for the search in one pass."""
    category = ProposalCategory.objects.canonical().first()
    arrondissement = Arrondissement.objects.canonical().first()
    created = Proposal.objects.bulk_create(
        Proposal(
            title=f"سوق الحي {offset + number}", body="نص", category=category,
            arrondissement=arrondissement, author=author, status=ProposalStatus.PUBLISHED,
        )
        for number in range(count)
    )  # fmt: skip
    get_search_backend().add_bulk(Proposal, created)


def test_queries_stay_the_same_with_1000_results(client):
    author = ResidentFactory()
    _proposals(30, 0, author)
    for number in range(6):
        EventPageFactory(title=f"سوق الحي {number}")
    few = _count(client, "سوق")
    _proposals(970, 1000, author)
    for number in range(20):
        EventPageFactory(title=f"لقاء السوق {number}")
    response = client.get(URL, {"q": "سوق"})
    assert response.context["groups"][0]["count"] == 1000
    assert _count(client, "سوق") == few
