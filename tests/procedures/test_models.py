"""A procedure's invariants: a planned online service has a date and no other status has one
(in the form, with translated messages, and in the database); a platform has a name and an
address; the search copy of its text has Arabic spelling variants folded."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from participation.arabic import fold_arabic
from procedures.models import DigitalisationStatus, ProcedurePage
from tests.procedures.factories import ProcedurePageFactory

pytestmark = pytest.mark.django_db

PLANNED = DigitalisationStatus.PLANNED
DATE = datetime.date(2027, 3, 1)


@pytest.mark.parametrize(
    ("status", "planned_for", "error"),
    [
        (PLANNED, None, "Say when the planned online service should open."),
        (DigitalisationStatus.PAPER, DATE, "A date is only given for a planned online service"),
        (DigitalisationStatus.FULLY_ONLINE, DATE, "A date is only given"),
        (PLANNED, DATE, None),
        (DigitalisationStatus.PARTLY_ONLINE, None, None),
    ],
)
@pytest.mark.usefixtures("english")
def test_only_a_planned_online_service_has_a_date(status, planned_for, error):
    procedure = ProcedurePageFactory()
    procedure.digitalisation_status, procedure.planned_for = status, planned_for
    if error is None:
        procedure.clean()
        return
    with pytest.raises(ValidationError) as raised:
        procedure.clean()
    [message] = raised.value.message_dict["planned_for"]
    assert message.startswith(error)


def test_the_database_refuses_a_date_without_a_plan_and_a_plan_without_a_date():
    procedure = ProcedurePageFactory()
    rows = ProcedurePage.objects.filter(pk=procedure.pk)
    with pytest.raises(IntegrityError), transaction.atomic():
        rows.update(planned_for=DATE)
    with pytest.raises(IntegrityError), transaction.atomic():
        rows.update(digitalisation_status=PLANNED)
    rows.update(digitalisation_status=PLANNED, planned_for=DATE)


@pytest.mark.usefixtures("english")
def test_a_platform_has_a_name_and_an_address():
    procedure = ProcedurePageFactory()
    procedure.online_platform_url = "https://www.watiqa.ma/"
    with pytest.raises(ValidationError) as raised:
        procedure.clean()
    assert set(raised.value.message_dict) == {"online_platform_name"}
    procedure.online_platform_name = "Watiqa"
    procedure.clean()


def test_the_search_copy_folds_the_title_summary_eligibility_and_documents():
    procedure = ProcedurePageFactory(
        title="شهادة السكنى",
        summary="وثيقة إدارية",
        eligibility="كل مواطن",
        documents="<ul><li>فاتورة الماء</li></ul>",
    )
    # The four fields, without their markup, folded as queries are (participation/arabic.py).
    assert procedure.search_text() == fold_arabic("شهادة السكنى وثيقة إدارية كل مواطن فاتورة الماء")
    assert "شهاده" in procedure.search_text()
