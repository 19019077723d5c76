"""A procedure's page shows what a resident needs before going to the counter, the national
platform's link, its status in words, and a notice when its details are demonstration data;
the index shows each card's status in words; both keep their queries whatever the votes and
answers."""

import datetime

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format

from procedures import services
from procedures.models import DigitalisationStatus, ProcedureCategory
from tests.factories import log_in
from tests.participation.factories import ResidentFactory
from tests.procedures.factories import ProcedurePageFactory, procedure_index, translate

pytestmark = pytest.mark.django_db

DEMO_NOTICE = 'class="message message--warning procedure-demo"'


def in_arabic(text):
    """``text`` (a label, a date) as the Arabic pages write it."""
    with translation.override("ar"):
        return str(text() if callable(text) else text)


def test_the_page_shows_the_details_the_platform_and_the_status_in_words(client):
    procedure = ProcedurePageFactory(
        title="نسخة موجزة من رسم الولادة",
        digitalisation_status=DigitalisationStatus.PARTLY_ONLINE,
        online_platform_name="Watiqa",
        online_platform_url="https://www.watiqa.ma/portail/demande",
        is_demo_data=True,
    )
    page = client.get(procedure.url).text
    for detail in (procedure.fees, procedure.delivery_time, procedure.office, "نسخة من البطاقة"):
        assert detail in page
    assert 'href="https://www.watiqa.ma/portail/demande"' in page
    assert "(www.watiqa.ma)" in page
    assert in_arabic(DigitalisationStatus.PARTLY_ONLINE.label) in page
    assert DEMO_NOTICE in page


def test_a_confirmed_page_has_no_demo_notice_and_a_plan_shows_its_date(client):
    procedure = ProcedurePageFactory(
        digitalisation_status=DigitalisationStatus.PLANNED,
        planned_for=datetime.date(2027, 3, 1),
    )
    page = client.get(procedure.url).text
    assert DEMO_NOTICE not in page
    assert in_arabic(DigitalisationStatus.PLANNED.label) in page
    assert in_arabic(lambda: date_format(procedure.planned_for, "F Y")) in page


def test_the_index_cards_say_the_status_category_and_where(client):
    ProcedurePageFactory(
        digitalisation_status=DigitalisationStatus.FULLY_ONLINE, office="مكتب الحالة المدنية"
    )
    page = client.get(procedure_index().url).text
    assert in_arabic(DigitalisationStatus.FULLY_ONLINE.label) in page
    assert in_arabic(ProcedureCategory.LEGALISATION.label) in page
    assert "<bdi>مكتب الحالة المدنية</bdi>" in page


def test_the_french_index_lives_at_demarches(client):
    translate(ProcedurePageFactory(), title="Certificat de résidence", slug="certificat")
    assert procedure_index("fr").url == "/fr/demarches/"
    assert procedure_index().url == "/ar/procedures/"
    assert client.get("/fr/demarches/certificat/").status_code == 200
    assert reverse("procedures:ranking").endswith("/procedures/ranking/")


def test_the_page_keeps_its_queries_with_many_votes_and_answers(
    client, django_assert_max_num_queries
):
    procedure = ProcedurePageFactory()
    for number in range(30):
        resident = ResidentFactory()
        services.vote(resident, procedure)
        services.give_feedback(procedure, number % 2 == 0, "تعليق", user=resident)
    log_in(client, ResidentFactory())
    client.get(procedure.url)
    with django_assert_max_num_queries(25):
        response = client.get(procedure.url)
    assert response.context["vote_count"] == 30
    assert (response.context["helpful_count"], response.context["answer_count"]) == (15, 30)
