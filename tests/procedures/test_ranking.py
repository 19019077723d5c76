"""The public ranking of the procedures to digitalise first: not yet fully online, most voted
first, each with its share of all the votes, titles in the reader's language; and the summary of
the catalogue by digitalisation status, each procedure counted once whatever its languages."""

import datetime

import pytest
from django.urls import reverse
from django.utils import translation

from procedures.models import DigitalisationStatus
from tests.procedures.factories import (
    DigitalisationVoteFactory,
    ProcedurePageFactory,
    procedure_index,
    translate,
)

pytestmark = pytest.mark.django_db

S = DigitalisationStatus


def votes(procedure, count):
    for _ in range(count):
        DigitalisationVoteFactory(procedure=procedure)


@pytest.fixture
def voted_catalogue():
    residence = ProcedurePageFactory(title="شهادة السكنى")
    signature = ProcedurePageFactory(title="تصحيح الإمضاء", digitalisation_status=S.PARTLY_ONLINE)
    taxes = ProcedurePageFactory(
        title="أداء الرسوم المحلية",
        digitalisation_status=S.PLANNED,
        planned_for=datetime.date(2027, 4, 1),
    )
    online = ProcedurePageFactory(title="رخصة البناء", digitalisation_status=S.FULLY_ONLINE)
    votes(residence, 1)
    votes(signature, 3)
    votes(online, 2)  # cast before it went online: not in the ranking any more
    translate(signature, title="Légalisation de signature", slug="legalisation-de-signature")
    return residence, signature, taxes, online


def test_the_ranking_orders_by_votes_with_shares_of_all_votes(client, voted_catalogue):
    response = client.get(reverse("procedures:ranking"))
    assert response.status_code == 200
    ranked = [
        (procedure.title, procedure.votes, procedure.share)
        for procedure in response.context["procedures"]
    ]
    assert ranked == [
        ("تصحيح الإمضاء", 3, 75),
        ("شهادة السكنى", 1, 25),
        ("أداء الرسوم المحلية", 0, 0),
    ]
    assert response.context["total_votes"] == 4
    assert "رخصة البناء" not in response.text


def test_the_catalogue_summary_counts_each_procedure_once(client, voted_catalogue):
    response = client.get(reverse("procedures:ranking"))
    summary = {status: count for status, _label, count in response.context["summary"]}
    assert summary == {S.PAPER: 1, S.PARTLY_ONLINE: 1, S.FULLY_ONLINE: 1, S.PLANNED: 1}
    assert response.context["procedure_count"] == 4


def test_the_french_ranking_shows_the_french_titles_and_links(client, voted_catalogue):
    procedure_index("fr")
    with translation.override("fr"):
        url = reverse("procedures:ranking")
    response = client.get(url)
    first = response.context["procedures"][0]
    assert first.in_reader_language.title == "Légalisation de signature"
    assert first.in_reader_language.url in response.text
    assert response.context["index"].url == "/fr/demarches/"
    # A procedure without a French version keeps its own title and address.
    assert response.context["procedures"][1].in_reader_language.title == "شهادة السكنى"


def test_the_index_links_to_the_ranking(client, voted_catalogue):
    with translation.override("ar"):
        url = reverse("procedures:ranking")
    assert url == "/ar/procedures/ranking/"
    assert url in client.get(procedure_index().url).text


def test_an_empty_ranking_renders(client):
    response = client.get(reverse("procedures:ranking"))
    assert response.status_code == 200
    assert response.context["total_votes"] == 0
