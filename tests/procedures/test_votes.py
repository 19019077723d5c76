""" "Digitalise this first": one vote per resident per procedure whatever the number of
clicks, for a procedure not yet fully online, withdrawable; the votes of a translation go to
the original."""

import pytest
from django.test import Client
from django.urls import reverse

from participation.services import ParticipationError
from procedures import services
from procedures.models import DigitalisationStatus, DigitalisationVote
from tests.factories import log_in
from tests.participation.factories import ResidentFactory, UnverifiedResidentFactory
from tests.procedures.factories import ProcedurePageFactory, translate

pytestmark = pytest.mark.django_db

ONLINE = DigitalisationStatus.FULLY_ONLINE


def vote(client, procedure):
    return client.post(reverse("procedures:vote", args=[procedure.pk]))


@pytest.mark.parametrize(
    ("who", "status", "allowed"),
    [
        ("resident", DigitalisationStatus.PAPER, True),
        ("resident", DigitalisationStatus.PARTLY_ONLINE, True),
        ("resident", DigitalisationStatus.PLANNED, True),
        ("resident", ONLINE, False),
        ("unverified", DigitalisationStatus.PAPER, False),
        ("anonymous", DigitalisationStatus.PAPER, False),
    ],
)
def test_who_may_vote_for_which_procedure(who, status, allowed):
    from django.contrib.auth.models import AnonymousUser

    planned_for = "2027-01-01" if status == DigitalisationStatus.PLANNED else None
    procedure = ProcedurePageFactory(digitalisation_status=status, planned_for=planned_for)
    user = {
        "resident": ResidentFactory,
        "unverified": UnverifiedResidentFactory,
        "anonymous": AnonymousUser,
    }[who]()
    assert user.has_perm("procedures.vote_for_digitalisation", procedure) is allowed


def test_a_double_submit_counts_one_vote(client):
    procedure = ProcedurePageFactory()
    resident = ResidentFactory()
    log_in(client, resident)
    assert [vote(client, procedure).status_code for _ in range(2)] == [302, 302]
    assert DigitalisationVote.objects.filter(procedure=procedure, user=resident).count() == 1
    page = client.get(procedure.url)
    assert page.context["voted"] and page.context["vote_count"] == 1


def test_the_second_insert_of_a_vote_meets_the_constraint_and_returns_the_first():
    procedure, resident = ProcedurePageFactory(), ResidentFactory()
    first, created = services.vote(resident, procedure)
    # No check before the insert: the unique constraint refuses the second one (the
    # IntegrityError a simultaneous double click meets), and the service answers with the first.
    again, created_again = services.vote(resident, procedure)
    assert created and not created_again and first.pk == again.pk
    assert DigitalisationVote.objects.count() == 1


def test_a_vote_on_a_translation_goes_to_the_original(client):
    procedure = ProcedurePageFactory()
    french = translate(procedure, title="Certificat de résidence")
    log_in(client, ResidentFactory())
    vote(client, french)
    assert DigitalisationVote.objects.get().procedure_id == procedure.pk
    assert client.get(procedure.url).context["vote_count"] == 1


def test_a_fully_online_procedure_takes_no_vote(client):
    procedure = ProcedurePageFactory(digitalisation_status=ONLINE)
    resident = ResidentFactory()
    log_in(client, resident)
    assert vote(client, procedure).status_code == 403
    with pytest.raises(ParticipationError):
        services.vote(resident, procedure)
    assert not DigitalisationVote.objects.exists()
    page = client.get(procedure.url)
    assert not page.context["may_vote"]
    assert reverse("procedures:vote", args=[procedure.pk]) not in page.text


def test_a_vote_is_withdrawn(client):
    procedure = ProcedurePageFactory()
    log_in(client, ResidentFactory())
    vote(client, procedure)
    client.post(reverse("procedures:withdraw_vote", args=[procedure.pk]))
    assert not DigitalisationVote.objects.exists()
    page = client.get(procedure.url)
    assert not page.context["voted"] and page.context["vote_count"] == 0


def test_visitors_log_in_and_unconfirmed_residents_are_refused():
    procedure = ProcedurePageFactory()
    response = vote(Client(), procedure)
    assert response.status_code == 302 and "login" in response.url
    assert vote(log_in(Client(), UnverifiedResidentFactory()), procedure).status_code == 403
    assert not DigitalisationVote.objects.exists()


def test_a_flood_of_votes_is_refused(client, settings):
    settings.SHARIK_RATE_LIMITS = {**settings.SHARIK_RATE_LIMITS, "digitalisation_vote": "2/h/user"}
    procedures = [ProcedurePageFactory() for _ in range(3)]
    log_in(client, ResidentFactory())
    assert [vote(client, procedure).status_code for procedure in procedures] == [302, 302, 429]
    assert DigitalisationVote.objects.count() == 2
