"""No personal data leaves through the open data: with residents' emails, ID numbers, names and
addresses seeded everywhere they are kept (accounts, identity declarations, signatures, a
petition's mandataire, proposals' authors, information requests' requesters, plan updates'
authors, consultations' participants without an account and their written answers), every
endpoint of the API (each list, each item, each whole download) and every
export of the site (the plan's, the council's calendar, the open-data page) is read, and none of
those values may appear in any of them."""

import pytest
from django.core.cache import cache
from django.utils import timezone
from drf_spectacular.generators import SchemaGenerator

from consultations.models import ConsultationPage
from council import services as council_services
from council.models import AgendaItem, CouncilSession, Outcome
from information import services as information_services
from participation.services import post_comment
from petitions import services as petition_services
from petitions.models import PetitionStatus
from plan import services as plan_services
from plan.models import ActionPlanPage
from tests.consultations.factories import AnswerFactory, EmailResponseFactory, ResponseFactory
from tests.factories import (
    make_axis,
    make_consultation,
    make_editor,
    make_petition,
    make_project,
)
from tests.information.factories import InformationOfficerFactory, file
from tests.participation.factories import ResidentFactory, SignatoryFactory
from tests.proposals.factories import ProposalFactory

pytestmark = pytest.mark.django_db

PERSONAL = {
    "email": "nadia.secret@example.ma",
    "display name": "ناديةالخفية",
    "full name": "نادية السرية البناني",
    "CIN": "ZK998877",
    "address": "زنقة السر رقم 99",
    "mandataire email": "mandataire.secret@example.ma",
    "mandataire name": "الوكيلالخفي",
    "signatory name": "موقعة لم تختر الظهور",
    "signatory CIN": "ZK112233",
    "author email": "author.secret@example.ma",
    "author name": "كاتبالمقترحالخفي",
    "officer email": "officer.secret@example.ma",
    "participant email": "visitor.secret@example.org",
    "written answer": "اسمي فاطمة وأسكن في الرقم 12",
}


def seed_personal_data():
    resident = SignatoryFactory(
        email=PERSONAL["email"],
        display_name=PERSONAL["display name"],
        identity__full_name=PERSONAL["full name"],
        identity__cin=PERSONAL["CIN"],
        identity__address=PERSONAL["address"],
    )
    mandataire = SignatoryFactory(
        email=PERSONAL["mandataire email"], display_name=PERSONAL["mandataire name"]
    )
    petition = make_petition(mandataire, status=PetitionStatus.COLLECTING)
    signatory = SignatoryFactory(
        identity__full_name=PERSONAL["signatory name"], identity__cin=PERSONAL["signatory CIN"]
    )
    petition_services.sign(signatory, petition)
    petition_services.sign(resident, petition)
    author = ResidentFactory(email=PERSONAL["author email"], display_name=PERSONAL["author name"])
    proposal = ProposalFactory(author=author)
    post_comment(resident, proposal, "تعليق من الساكنة")
    officer = InformationOfficerFactory(email=PERSONAL["officer email"])
    request = file(resident, subject="ميزانية الأحياء")
    information_services.answer(officer, request, "الجواب")
    information_services.agree_to_publish(resident, request)
    consultation = make_consultation(title="استشارة الحدائق", results_immediately=True)
    ResponseFactory(consultation=consultation, participant=resident)
    visitor = EmailResponseFactory(consultation=consultation, email=PERSONAL["participant email"])
    AnswerFactory(response=visitor)
    AnswerFactory(response=visitor, written=True, text=PERSONAL["written answer"])
    project = make_project(make_axis(), title="مسبح القرب")
    plan_services.post_update(make_editor(), project, timezone.localdate(), "انطلاق الأشغال")
    session = CouncilSession.objects.create(
        title="دورة", starts_at=timezone.now(), publish_agenda=True
    )
    AgendaItem.objects.create(
        session=session,
        title="نقطة",
        petition=petition,
        proposal=proposal,
        project=project,
        outcome=Outcome.ADOPTED,
        decision_text="مصادقة",
    )
    council_services.announce(session, make_editor())
    return {"consultation": consultation}


def open_data_addresses(client):
    """Every address of the API, found from its schema and its lists: each list (all on one
    page), each item, each whole download; then the site's other exports."""
    schema = SchemaGenerator().get_schema(request=None, public=True)
    lists = [path for path in schema["paths"] if "{" not in path]
    addresses = []
    for path in lists:
        addresses.append(f"{path}?page_size=200")
        addresses += [f"{path}export.csv", f"{path}export.json"]
        for row in client.get(path, {"page_size": 200}).json()["results"]:
            addresses.append(f"{path}{row['id']}/")
    plan = ActionPlanPage.objects.live().filter(locale__language_code="ar").first()
    consultations = ConsultationPage.objects.live().filter(results_immediately=True)
    return [
        *addresses,
        f"{plan.url}open-data/csv/",
        f"{plan.url}open-data/json/",
        *[f"{consultation.url}results/csv/" for consultation in consultations],
        "/api/v1/schema/",
        "/ar/open-data/",
        "/ar/council/calendar.ics",
        "/ar/information/",
        "/ar/information/figures/",
        "/ar/participation/figures/",
        "/ar/participation/figures.csv",
    ]


def _body(response):
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode("utf-8-sig")


def test_no_personal_value_leaves_through_any_open_data(client):
    seed_personal_data()
    cache.clear()
    addresses = open_data_addresses(client)
    assert len(addresses) > 20  # every dataset was read, items too
    read = 0
    for address in addresses:
        response = client.get(address)
        assert response.status_code == 200, address
        body = _body(response)
        for kind, value in PERSONAL.items():
            assert value not in body, f"{kind} leaks through {address}"
        read += 1
    assert read == len(addresses)


def test_the_walk_would_see_a_leak(client):
    """The walk is honest: a personal value in a public field is found."""
    seed_personal_data()
    ProposalFactory(title=PERSONAL["CIN"])  # a resident typed their ID number in a title
    cache.clear()
    bodies = [_body(client.get(address)) for address in open_data_addresses(client)]
    assert any(PERSONAL["CIN"] in body for body in bodies)
