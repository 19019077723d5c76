"""The demonstration catalogue (demo/procedures.py): twenty procedures in Arabic with their
French translations, every status represented, all marked as demonstration data, consistent
with the model's rules, votes from the demo's residents; a second run creates nothing."""

import io

import pytest
from django.urls import reverse
from django.utils import translation

from demo.procedures import PROCEDURES, seed_procedures
from procedures.models import DigitalisationStatus, DigitalisationVote, ProcedurePage
from tests.participation.factories import ResidentFactory

pytestmark = pytest.mark.django_db


def test_the_demo_catalogue_is_seeded_once(client):
    for number in range(70):
        ResidentFactory(email=f"signatory-{number:03d}@demo.sale.example")
    seed_procedures(io.StringIO())
    originals = ProcedurePage.objects.filter(locale__language_code="ar")
    assert originals.count() == len(PROCEDURES) == 20
    assert ProcedurePage.objects.filter(locale__language_code="fr").count() == 20
    assert set(originals.values_list("digitalisation_status", flat=True)) == set(
        DigitalisationStatus.values
    )
    assert not ProcedurePage.objects.filter(is_demo_data=False).exists()
    for procedure in ProcedurePage.objects.all():
        procedure.full_clean()  # the dates, the platforms: as an editor would have to
    votes = DigitalisationVote.objects.count()
    assert votes > 0
    assert not DigitalisationVote.objects.filter(
        procedure__digitalisation_status=DigitalisationStatus.FULLY_ONLINE
    ).exists()

    seed_procedures(io.StringIO())
    assert ProcedurePage.objects.count() == 40
    assert DigitalisationVote.objects.count() == votes

    assert client.get("/ar/procedures/").status_code == 200
    assert client.get("/fr/demarches/").status_code == 200
    with translation.override("fr"):
        ranking = client.get(reverse("procedures:ranking"))
    assert ranking.context["total_votes"] == votes
    assert ranking.context["procedures"][0].in_reader_language.locale.language_code == "fr"
