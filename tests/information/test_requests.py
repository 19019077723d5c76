"""Information requests under law 31-13 (information/services.py): filing with the identity the
law asks for, the tracking number and the acknowledgement; the clock across holidays, the one
extension and clarifications; the officers' steps, each on the timeline, audited and told to the
requester; complaints with their dates; the public register; the figures."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from information import figures, services
from information.models import (
    WORKFLOW,
    ComplaintOutcome,
    Delivery,
    HolidayKind,
    InformationRequest,
    PublicHoliday,
    RequestStatus,
    RequestStep,
)
from participation.models import AuditLogEntry, Notification
from participation.national_id import decrypt_cin
from participation.services import ParticipationError
from tests.cms.factories import pdf_file
from tests.information.factories import (
    DepartmentFactory,
    InformationOfficerFactory,
    file,
    refusal_ground,
)
from tests.participation.factories import ResidentFactory, SignatoryFactory

pytestmark = pytest.mark.django_db

LOCAL = ZoneInfo("Africa/Casablanca")


def on(text, hour=10):
    """Freeze the clock on a day of the commune."""
    day = datetime.date.fromisoformat(text)
    return time_machine.travel(
        datetime.datetime(day.year, day.month, day.day, hour, tzinfo=LOCAL), tick=False
    )


def day(text):
    return datetime.date.fromisoformat(text)


@pytest.fixture
def officer():
    return InformationOfficerFactory()


# --- Filing -----------------------------------------------------------------------------------


def test_filing_numbers_the_request_and_copies_the_identity_encrypted(settings):
    settings.SHARIK_INFORMATION_REQUEST_PREFIX = "SALE-AI"
    requester = SignatoryFactory(identity__cin="AB123456", identity__full_name="سعاد بناني")
    with on("2027-01-08"):
        first = file(requester)
        second = file()
    assert first.number == "SALE-AI-2027-0001"
    assert second.number == "SALE-AI-2027-0002"
    assert first.requester_name == "سعاد بناني"
    assert decrypt_cin(first.cin_encrypted) == "AB123456"
    assert "AB123456" not in first.cin_encrypted
    assert first.requester_address == requester.identity.address
    assert first.status == RequestStatus.RECEIVED
    assert [event.status for event in first.events.all()] == [RequestStatus.RECEIVED]


def test_a_request_received_on_a_friday_before_holidays_is_due_twenty_working_days_later():
    # Received Friday 8 January 2027; 11 January (independence manifesto) and 14 January
    # (Amazigh new year) are seeded holidays: 20 working days end on Tuesday 9 February.
    with on("2027-01-08"):
        request = file()
    assert request.received_on == day("2027-01-08")
    assert request.due_on == day("2027-02-09")
    assert request.first_period_ends_on == day("2027-02-09")


def test_an_urgent_request_is_due_in_three_working_days():
    with on("2027-01-08"):
        request = file(urgent=True, urgency_reason="مريض يحتاج إلى ملف طبي من المكتب الصحي")
    # Tuesday 12, Wednesday 13, Friday 15 (Monday 11 and Thursday 14 are holidays).
    assert request.due_on == day("2027-01-15")


def test_the_requester_gets_the_acknowledgement_by_email_and_notification(
    django_capture_on_commit_callbacks,
):
    requester = SignatoryFactory(preferred_language="fr")
    with django_capture_on_commit_callbacks(execute=True), on("2027-01-08"):
        request = file(requester)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [requester.email]
    assert request.number in message.subject
    assert "9 février 2027" in message.body  # the due date, in French
    notification = Notification.objects.get(recipient=requester)
    assert request.number in notification.message
    assert notification.url == f"/fr/information/requests/{request.pk}/"
    assert notification.emailed_at is not None  # not emailed a second time


def test_the_same_form_sent_twice_files_one_request():
    requester = SignatoryFactory()
    key = "0b8d6a1e-3f9c-4d2b-9a57-2f0e7c1d4b11"
    first = file(requester, submission=key)
    second = file(requester, submission=key)
    assert first.pk == second.pk
    assert InformationRequest.objects.count() == 1


def test_filing_needs_the_identity_the_law_asks_for():
    with pytest.raises(ParticipationError):
        file(ResidentFactory())
    assert not InformationRequest.objects.exists()


def test_an_urgent_request_needs_its_reason():
    with pytest.raises(ParticipationError):
        file(urgent=True, urgency_reason="  ")


# --- The clock --------------------------------------------------------------------------------


def test_the_extension_may_be_taken_on_the_last_day_of_the_first_period(officer):
    with on("2027-01-08"):
        request = file()
    with on("2027-02-09"):  # the first period's last day
        services.extend(officer, request, "المعلومات موزعة على ثلاث مصالح")
    request.refresh_from_db()
    assert request.extended_on == day("2027-02-09")
    # 20 more working days: 10 February to 9 March 2027.
    assert request.due_on == day("2027-03-09")
    event = request.events.get(step=RequestStep.EXTENDED)
    assert event.text == "المعلومات موزعة على ثلاث مصالح"


def test_the_extension_is_refused_after_the_first_period_and_a_second_time(officer):
    with on("2027-01-08"):
        late, twice = file(), file()
    with on("2027-02-10"), pytest.raises(ParticipationError):
        services.extend(officer, late, "متأخر")
    with on("2027-01-20"):
        services.extend(officer, twice, "أول تمديد")
        with pytest.raises(ParticipationError):
            services.extend(officer, twice, "تمديد ثان")
    late.refresh_from_db()
    assert late.extended_on is None


def test_the_extension_and_its_reason_are_told_to_the_requester(
    officer, django_capture_on_commit_callbacks
):
    with on("2027-01-08"):
        request = file()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True), on("2027-01-20"):
        services.extend(officer, request, "المعلومات موزعة على ثلاث مصالح")
    assert len(mail.outbox) == 1
    assert "المعلومات موزعة على ثلاث مصالح" in mail.outbox[0].body
    assert AuditLogEntry.objects.filter(action="information.extend", actor=officer).exists()


def test_a_clarification_stops_the_clock_until_the_requester_answers(officer):
    with on("2027-01-08"):
        request = file()
    with on("2027-01-12"):
        services.ask_clarification(officer, request, "أي سنة تقصدون بالضبط؟")
    request.refresh_from_db()
    assert request.status == RequestStatus.CLARIFICATION
    assert request.due_on is None
    assert request.days_left() is None
    with on("2027-01-19"):  # a week later: 13, 15, 18, 19 did not count
        services.clarify(request.requester, request, "سنة 2026")
    request.refresh_from_db()
    assert request.status == RequestStatus.IN_PROGRESS
    # Counted: 12 January (1 day), then from 20 January on: 19 more working days.
    assert request.due_on == day("2027-02-15")


def test_a_holiday_added_after_receipt_moves_the_due_date(django_capture_on_commit_callbacks):
    with on("2027-01-08"):
        request = file()
    assert request.due_on == day("2027-02-09")
    with django_capture_on_commit_callbacks(execute=True):
        PublicHoliday.objects.create(
            day=day("2027-01-27"), name="عطلة استثنائية", kind=HolidayKind.CIVIL
        )
    request.refresh_from_db()
    assert request.due_on == day("2027-02-10")


def test_a_holiday_added_does_not_move_an_answered_request(
    officer, django_capture_on_commit_callbacks
):
    with on("2027-01-08"):
        request = file()
    with on("2027-01-15"):
        services.answer(officer, request, "الجواب")
    with django_capture_on_commit_callbacks(execute=True):
        PublicHoliday.objects.create(day=day("2027-01-27"), name="عطلة", kind=HolidayKind.CIVIL)
    request.refresh_from_db()
    assert request.due_on == day("2027-02-09")


# --- The officers' steps -------------------------------------------------------------------


def test_assigning_moves_the_request_to_the_department(officer):
    request = file()
    department = DepartmentFactory()
    services.assign(officer, request, department)
    request.refresh_from_db()
    assert request.department == department
    assert request.status == RequestStatus.IN_PROGRESS
    assert request.events.filter(step=RequestStep.ASSIGNED).exists()
    assert AuditLogEntry.objects.filter(action="information.assign").count() == 1


def test_an_answer_with_files_is_given_to_the_requester(
    officer, django_capture_on_commit_callbacks
):
    request = file()
    mail.outbox.clear()
    upload = SimpleUploadedFile("budget-eclairage.pdf", pdf_file().read(), "application/pdf")
    upload.original_name = "budget-eclairage.pdf"
    with django_capture_on_commit_callbacks(execute=True), on("2027-01-15"):
        services.answer(officer, request, "تجدون طيه الميزانية.", [upload])
    request.refresh_from_db()
    assert request.status == RequestStatus.ANSWERED
    assert request.answered_on == day("2027-01-15")
    assert request.answer == "تجدون طيه الميزانية."
    assert [d.name for d in request.documents.all()] == ["budget-eclairage.pdf"]
    assert len(mail.outbox) == 1
    assert AuditLogEntry.objects.filter(action="information.answered", actor=officer).exists()


def test_a_refusal_cites_its_ground_and_opens_the_complaint(officer):
    with on("2027-01-08"):
        request = file()
    with on("2027-01-15"):
        services.refuse(officer, request, refusal_ground("private-life"), "تتعلق بملف شخصي.")
        request.refresh_from_db()
        assert request.refusal_ground.slug == "private-life"
        # 20 working days after the refusal on Friday 15 January: Friday 12 February.
        assert request.complaint_deadline() == day("2027-02-12")
        complaint = services.complain(request.requester, request, "المعلومة لا تخص شخصا بعينه.")
    assert complaint.filed_on == day("2027-01-15")
    assert complaint.head_due_on == day("2027-02-05")  # 15 working days
    with on("2027-02-01"):
        services.answer_complaint(officer, request, ComplaintOutcome.REJECTED, "يبقى الرفض.")
    complaint.refresh_from_db()
    assert complaint.cdai_deadline() == day("2027-03-03")  # 30 calendar days
    steps = list(request.events.values_list("status", "step"))
    assert steps[-2:] == [("", RequestStep.COMPLAINT), ("", RequestStep.COMPLAINT_ANSWERED)]


def test_a_missed_deadline_lets_the_requester_complain():
    with on("2027-01-08"):
        request = file()
    with on("2027-02-09"):
        assert request.complaint_deadline() is None  # the last day: not yet missed
    with on("2027-02-10"):
        assert request.is_overdue()
        assert request.complaint_deadline() == day("2027-03-09")
        first = services.complain(request.requester, request, "لم أتلق أي جواب.")
    with on("2027-02-11"):  # sent again (a double click): the one complaint stands
        again = services.complain(request.requester, request, "مرة ثانية")
    assert again.pk == first.pk and again.text == "لم أتلق أي جواب."
    assert request.events.filter(step=RequestStep.COMPLAINT).count() == 1


def test_the_time_to_complain_ends(officer):
    with on("2027-01-08"):
        request = file()
    with on("2027-01-15"):
        services.refuse(officer, request, refusal_ground(), "لا")
    with on("2027-02-15"), pytest.raises(ParticipationError):
        services.complain(request.requester, request, "متأخر")


def test_after_an_upheld_complaint_the_commune_answers_a_refused_request(officer):
    request = file()
    services.refuse(officer, request, refusal_ground(), "لا")
    services.complain(request.requester, request, "أعترض")
    services.answer_complaint(officer, request, ComplaintOutcome.UPHELD, "تقبل الشكاية.")
    services.answer(officer, request, "هذه هي المعلومات.")
    request.refresh_from_db()
    assert request.status == RequestStatus.ANSWERED


def test_a_redirected_request_names_the_body():
    officer = InformationOfficerFactory()
    request = file()
    services.redirect(officer, request, "الوكالة الحضرية لسلا", "")
    request.refresh_from_db()
    assert (request.status, request.redirected_to) == (
        RequestStatus.REDIRECTED,
        "الوكالة الحضرية لسلا",
    )


ALL_MOVES = [
    (source, target)
    for source in RequestStatus.values
    for target in RequestStatus.values
    if source != target
]


@pytest.mark.parametrize(("source", "target"), ALL_MOVES)
def test_the_state_machine_allows_exactly_its_table(source, target):
    request = file()
    InformationRequest.objects.filter(pk=request.pk).update(status=source)
    request.refresh_from_db()
    allowed = target in WORKFLOW.transitions[source]
    if allowed:
        WORKFLOW.transition(request, target, None)
        assert request.status == target
    else:
        with pytest.raises(ParticipationError):
            WORKFLOW.transition(request, target, None)


def test_the_answers_are_only_moves_of_officials_and_the_withdrawal_only_the_requesters():
    for source, moves in WORKFLOW.transitions.items():
        for target, role in moves.items():
            by_requester = target == RequestStatus.WITHDRAWN or (
                source == RequestStatus.CLARIFICATION and target == RequestStatus.IN_PROGRESS
            )
            if by_requester:
                assert role == "requester"
            else:
                assert role == "official", (source, target)


# --- The register -----------------------------------------------------------------------------


def test_publishing_needs_an_answer_and_the_requesters_agreement(officer):
    request = file()
    with pytest.raises(ParticipationError):
        services.agree_to_publish(request.requester, request)
    services.answer(officer, request, "الجواب")
    assert not InformationRequest.objects.published().exists()
    services.agree_to_publish(request.requester, request)
    assert list(InformationRequest.objects.published()) == [request]
    services.unpublish(officer, request, "يتضمن اسما شخصيا")
    assert not InformationRequest.objects.published().exists()
    assert AuditLogEntry.objects.filter(action="information.unpublish").exists()


# --- Figures --------------------------------------------------------------------------------


def test_the_figures_count_requests_answers_on_time_and_refusals(officer):
    with on("2027-01-08"):
        on_time, late, refused, still_open = file(), file(), file(), file()
    with on("2027-01-15"):
        services.answer(officer, on_time, "الجواب")  # 3 working days (11 and 14 are holidays)
        services.refuse(officer, refused, refusal_ground("private-life"), "لا")
    with on("2027-02-10"):
        services.answer(officer, late, "الجواب")
        [year] = figures.by_year()
        grounds = figures.refusals_by_ground()
    assert (year.label, year.received, year.answered, year.on_time, year.refused) == (
        "2027",
        4,
        3,
        2,
        1,
    )
    assert year.overdue == 1  # still_open, due 9 February
    assert year.median_days == 3  # of 3, 3 and 21 working days
    assert [count for _name, count in grounds] == [1]
    assert still_open.delivery == Delivery.EMAIL
