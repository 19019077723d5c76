"""Access-to-information pages: who reads and does what (a resident only their own requests, a
department only its own), bad input shown again with what was typed, the register without any
personal data, the admin queue and each step taken from it, and constant queries."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from information import services
from information.models import InformationRequest, Publication, RequestStatus
from participation.models import AuditLogEntry
from tests.cms.factories import pdf_bytes
from tests.factories import log_in, make_moderator
from tests.information.factories import (
    DepartmentFactory,
    DepartmentMemberFactory,
    InformationOfficerFactory,
    file,
    refusal_ground,
)
from tests.participation.factories import (
    ResidentFactory,
    SignatoryFactory,
    UnverifiedResidentFactory,
)

pytestmark = pytest.mark.django_db

ASK = reverse("information:ask")


def detail(request):
    return reverse("information:request", args=[request.pk])


def review(request):
    return reverse("information_request:review", args=[request.pk])


QUEUE = reverse("information_request:index")


# --- Asking -------------------------------------------------------------------------------------


def test_asking_without_an_identity_declaration_leads_to_it(client):
    log_in(client, ResidentFactory())
    response = client.get(ASK)
    assert response.status_code == 200
    assert f"{reverse('identity_declaration')}?next=" in response.text
    assert "<textarea" not in response.text
    client.post(ASK, {"subject": "x", "information": "y", "delivery": "email"})
    assert not InformationRequest.objects.exists()


def test_asking_needs_a_log_in_and_a_confirmed_email(client):
    assert client.get(ASK).status_code == 302
    log_in(client, UnverifiedResidentFactory())
    assert client.get(ASK).status_code == 403


def test_a_bad_request_is_shown_again_with_what_was_typed(client):
    log_in(client, SignatoryFactory())
    response = client.post(
        ASK,
        {
            "subject": "ميزانية الحدائق",
            "information": "",
            "delivery": "email",
            "urgent": "on",
            "urgency_reason": "",
        },
    )
    assert response.status_code == 200
    assert "ميزانية الحدائق" in response.text
    assert response.text.count("form-field__error") >= 2  # the information and the urgency
    assert not InformationRequest.objects.exists()


def test_filing_a_request_redirects_to_it_with_its_number(client):
    requester = SignatoryFactory()
    log_in(client, requester)
    form = client.get(ASK).context["form"]
    data = {
        "subject": "ميزانية الحدائق",
        "information": "ميزانية صيانة حدائق سلا لسنة 2026.",
        "delivery": "paper",
        "submission": str(form.initial["submission"]),
    }
    response = client.post(ASK, data)
    request = InformationRequest.objects.get()
    assert response.status_code == 302
    assert response.url == detail(request)
    assert request.delivery == "paper"
    client.post(ASK, data)  # the same form sent again
    assert InformationRequest.objects.count() == 1
    page = client.get(detail(request))
    assert request.number in page.text


def test_filing_is_rate_limited(client, settings):
    settings.SHARIK_RATE_LIMITS = {**settings.SHARIK_RATE_LIMITS, "information_request": "1/d/user"}
    log_in(client, SignatoryFactory())
    data = {"subject": "أ", "information": "ب", "delivery": "email"}
    assert client.post(ASK, data).status_code == 302
    assert client.post(ASK, data).status_code == 429
    assert InformationRequest.objects.count() == 1


# --- Reading --------------------------------------------------------------------------------


def test_a_request_is_read_by_its_requester_and_its_handlers_only(client):
    request = file()
    department = DepartmentFactory()
    services.assign(InformationOfficerFactory(), request, department)
    readers = {
        "requester": (request.requester, 200),
        "officer": (InformationOfficerFactory(), 200),
        "its department": (DepartmentMemberFactory(department=department), 200),
        "another department": (
            DepartmentMemberFactory(department=DepartmentFactory(slug="finances")),
            404,
        ),
        "another resident": (SignatoryFactory(), 404),
        "a moderator": (make_moderator(), 404),
    }
    for name, (user, status) in readers.items():
        log_in(client, user)
        assert client.get(detail(request)).status_code == status, name


def test_my_requests_lists_only_mine(client):
    mine, other = file(subject="طلبي"), file(subject="طلب غيري")
    log_in(client, mine.requester)
    page = client.get(reverse("information:mine"))
    assert "طلبي" in page.text and "طلب غيري" not in page.text
    assert other.number not in page.text


def test_the_requester_clarifies_from_the_page(client):
    request = file()
    services.ask_clarification(InformationOfficerFactory(), request, "أي سنة؟")
    log_in(client, request.requester)
    page = client.get(detail(request))
    assert "أي سنة؟" in page.text
    url = reverse("information:clarify", args=[request.pk])
    assert client.post(url, {"answer": "  "}).status_code == 200  # shown again, nothing sent
    assert client.post(url, {"answer": "سنة 2026"}).status_code == 302
    request.refresh_from_db()
    assert request.status == RequestStatus.IN_PROGRESS
    log_in(client, SignatoryFactory())
    assert client.post(url, {"answer": "لا"}).status_code == 404


def test_the_requester_agrees_to_publish_and_the_register_shows_no_personal_data(client):
    requester = SignatoryFactory(
        email="souad.bennani@example.ma",
        display_name="سعاد",
        identity__full_name="سعاد بناني",
        identity__cin="AB123456",
        identity__address="12 زنقة الورد، تابريكت",
    )
    request = file(requester, subject="ميزانية الحدائق 2026")
    officer = InformationOfficerFactory()
    upload = SimpleUploadedFile("jardins.pdf", pdf_bytes(), "application/pdf")
    services.answer(officer, request, "تجدون الميزانية مرفقة.", [upload])
    log_in(client, requester)
    assert client.post(reverse("information:publish", args=[request.pk])).status_code == 302
    client.logout()
    register = client.get(reverse("information:register") + "?q=الحدائق")
    published = client.get(reverse("information:published", args=[request.pk]))
    document = request.documents.get()
    download = client.get(reverse("information:document", args=[document.pk]))
    assert download.status_code == 200
    for page in (register, published):
        assert page.status_code == 200
        assert "ميزانية الحدائق 2026" in page.text
        for personal in ("souad.bennani", "سعاد", "بناني", "AB123456", "AB****56", "زنقة الورد"):
            assert personal not in page.text


def test_an_unpublished_answer_and_its_files_stay_private(client):
    request = file()
    upload = SimpleUploadedFile("a.pdf", pdf_bytes(), "application/pdf")
    services.answer(InformationOfficerFactory(), request, "الجواب", [upload])
    document = request.documents.get()
    assert client.get(reverse("information:published", args=[request.pk])).status_code == 404
    assert client.get(reverse("information:document", args=[document.pk])).status_code == 404
    log_in(client, request.requester)
    assert client.get(reverse("information:document", args=[document.pk])).status_code == 200


def test_the_requester_complains_after_a_refusal(client):
    request = file()
    services.refuse(InformationOfficerFactory(), request, refusal_ground(), "لا")
    log_in(client, request.requester)
    page = client.get(detail(request))
    assert "لجنة الحق في الحصول على المعلومات" in page.text  # the CDAI
    url = reverse("information:complain", args=[request.pk])
    assert client.post(url, {"text": ""}).status_code == 200
    assert client.post(url, {"text": "أعترض على الرفض"}).status_code == 302
    assert request.__class__.objects.get(pk=request.pk).complaint.text == "أعترض على الرفض"
    assert client.post(url, {"text": "مرة أخرى"}).status_code == 403  # one complaint


def test_the_public_pages_render(client):
    Publication.objects.create(
        kind="budget",
        title="ميزانية 2026",
        published_on="2026-01-15",
        link="https://sale.ma/budget-2026.pdf",
    )
    request = file()
    services.refuse(InformationOfficerFactory(), request, refusal_ground("private-life"), "لا")
    for name in ("register", "publications", "figures"):
        response = client.get(reverse(f"information:{name}"))
        assert response.status_code == 200, name
    assert "ميزانية 2026" in client.get(reverse("information:publications")).text
    assert "الحياة الخاصة للأفراد" in client.get(reverse("information:figures")).text


def test_the_register_queries_stay_constant(client):
    officer = InformationOfficerFactory()
    department = DepartmentFactory()

    def publish(count):
        for _ in range(count):
            request = file()
            services.assign(officer, request, department)
            services.answer(officer, request, "الجواب")
            services.agree_to_publish(request.requester, request)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("information:register")).status_code == 200
        return len(captured)

    publish(1)
    queries()  # the site's navigation, remembered after the first page
    few = queries()
    publish(11)
    assert queries() == few <= 4


# --- The admin ------------------------------------------------------------------------------


def test_the_queue_shows_a_department_only_its_requests(client):
    officer = InformationOfficerFactory()
    ours, theirs, unassigned = file(subject="طلبنا"), file(subject="طلبهم"), file(subject="جديد")
    department = DepartmentFactory()
    services.assign(officer, ours, department)
    services.assign(officer, theirs, DepartmentFactory(slug="finances"))
    log_in(client, DepartmentMemberFactory(department=department))
    page = client.get(QUEUE)
    assert page.status_code == 200
    assert ours.number in page.text
    assert theirs.number not in page.text and unassigned.number not in page.text
    log_in(client, officer)
    page = client.get(QUEUE)
    assert all(r.number in page.text for r in (ours, theirs, unassigned))


def test_the_queue_marks_overdue_requests(client):
    request = file()
    InformationRequest.objects.filter(pk=request.pk).update(due_on="2020-01-06")
    log_in(client, InformationOfficerFactory())
    assert "w-text-critical-200" in client.get(QUEUE).text


def test_an_officer_assigns_extends_and_answers_from_the_admin(client):
    request = file()
    department = DepartmentFactory()
    officer = InformationOfficerFactory()
    log_in(client, officer)
    url = review(request)
    assert client.get(url).status_code == 200
    client.post(url, {"action": "assign", "department": department.pk})
    client.post(url, {"action": "extend", "reason": "ملفات كثيرة"})
    response = client.post(
        url,
        {
            "action": "answer",
            "text": "الجواب مع الملف",
            "files": [SimpleUploadedFile("plan.pdf", pdf_bytes(), "application/pdf")],
        },
    )
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == RequestStatus.ANSWERED
    assert request.department == department and request.extended_on is not None
    assert [d.name for d in request.documents.all()] == ["plan.pdf"]
    actions = set(AuditLogEntry.objects.filter(actor=officer).values_list("action", flat=True))
    assert actions == {"information.assign", "information.extend", "information.answered"}


def test_a_bad_answer_is_shown_again_and_a_bad_file_refused(client):
    request = file()
    log_in(client, InformationOfficerFactory())
    response = client.post(
        review(request),
        {
            "action": "answer",
            "text": "جواب",
            "files": [SimpleUploadedFile("x.pdf", b"not a pdf", "application/pdf")],
        },
    )
    assert response.status_code == 200
    assert "جواب" in response.text
    request.refresh_from_db()
    assert request.status == RequestStatus.RECEIVED


def test_a_department_member_answers_but_does_not_assign(client):
    request = file()
    department = DepartmentFactory()
    services.assign(InformationOfficerFactory(), request, department)
    log_in(client, DepartmentMemberFactory(department=department))
    url = review(request)
    other = DepartmentFactory(slug="finances")
    client.post(url, {"action": "assign", "department": other.pk})
    request.refresh_from_db()
    assert request.department == department
    client.post(url, {"action": "refuse", "ground": refusal_ground().pk, "text": "لا"})
    request.refresh_from_db()
    assert request.status == RequestStatus.REFUSED


def test_staff_without_a_role_in_access_to_information_cannot_open_a_request(client):
    request = file()
    log_in(client, make_moderator())
    assert client.get(review(request)).status_code in {302, 403}
    log_in(client, DepartmentMemberFactory())  # a department the request is not assigned to
    assert client.get(review(request)).status_code in {302, 403}


def test_the_queue_lists_the_nearest_deadline_first_and_closed_requests_last(client):
    officer = InformationOfficerFactory()
    later, sooner, answered = file(), file(), file()
    InformationRequest.objects.filter(pk=later.pk).update(due_on="2026-12-20")
    InformationRequest.objects.filter(pk=sooner.pk).update(due_on="2026-12-10")
    services.answer(officer, answered, "الجواب")
    InformationRequest.objects.filter(pk=answered.pk).update(due_on="2026-12-01")
    log_in(client, officer)
    page = client.get(QUEUE).text
    positions = [page.index(r.number) for r in (sooner, later, answered)]
    assert positions == sorted(positions)
