"""The lists' search (participation/search.py) folds both sides as the site search does: the
database's ``sharik_fold`` gives what ``fold_arabic`` gives (SQL written from arabic.py's
tables on PostgreSQL, the function itself on SQLite), and a resident finds content whatever
the spelling variant, accents or case they type."""

import re

import pytest
from django.db import connection
from django.urls import reverse
from django.utils.html import escape

from participation.arabic import fold_arabic
from participation.search import WHITESPACE
from tests.factories import make_petition
from tests.proposals.factories import ProposalFactory

pytestmark = pytest.mark.django_db

SAMPLES = [
    "شهادة السكنى",
    "بالمدينة العتيقة والسوق للبيع",
    "الله ولد الف",  # an article leaving fewer than three letters stays
    "أإآٱ ؤئ ىة",
    "مُـــحَمَّدٌ قُرْآنٌ",
    "Éclairage PUBLIC à l'Hôtel de Ville",
    "Cœur ŒUVRE Ætna tænia",
    "  plusieurs   espaces\tet\nlignes  ",
    "Salé\u00a0: «\u202fla médina\u202f» ; السلام\u00a0عليكم",  # no-break spaces of French
    "Salé: «السلام» 2027/14 — D-2027-014",
    "",
]


@pytest.mark.parametrize("text", SAMPLES)
def test_the_database_folds_as_python_does(text):
    with connection.cursor() as cursor:
        cursor.execute("SELECT sharik_fold(%s)", [text])
        (folded,) = cursor.fetchone()
    assert folded == fold_arabic(text)


def test_a_null_folds_to_nothing():
    with connection.cursor() as cursor:
        cursor.execute("SELECT sharik_fold(NULL)")
        assert cursor.fetchone()[0] in ("", None)


@pytest.mark.parametrize(
    ("typed", "found"),
    [
        ("eclairage", "lighting"),
        ("ECLAIRAGE hotel", "lighting"),
        ("شهاده السكني", "certificate"),
        ("بالسكنى", "certificate"),
        ("coeur", "heart"),
    ],
)
def test_the_proposals_list_finds_every_spelling(client, typed, found):
    proposals = {
        "lighting": ProposalFactory(title="Éclairage public devant l'Hôtel de ville"),
        "certificate": ProposalFactory(title="شهادة السكنى في يوم واحد"),
        "heart": ProposalFactory(title="Le cœur de la médina"),
    }
    response = client.get(reverse("proposals:list"), {"q": typed})
    shown = {key for key, proposal in proposals.items() if escape(proposal.title) in response.text}
    assert shown == {found}


def test_the_petitions_list_finds_a_word_without_its_accents(client):
    wanted = make_petition(title="Réhabilitation du marché de Bettana")
    other = make_petition(title="Ouverture d'une crèche")
    response = client.get(reverse("petitions:list"), {"q": "rehabilitation marche"})
    assert escape(wanted.title) in response.text
    assert escape(other.title) not in response.text


def test_the_databases_whitespace_is_pythons():
    """``fold_arabic`` splits words on what ``str.isspace`` says; the SQL on the same set."""
    spaces = re.compile(WHITESPACE)
    assert {chr(c) for c in range(0x110000) if spaces.fullmatch(chr(c))} == {
        chr(c) for c in range(0x110000) if chr(c).isspace()
    }
