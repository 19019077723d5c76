"""An information request's journey in Arabic, in real browsers: a resident asks the commune
(a mistake first: told clearly, nothing lost), gets the tracking number and the acknowledgement;
an officer extends the period, then answers with a document in the admin; the resident reads the
answer and agrees to publish it; a visitor finds it in the public register, without anything
about the resident."""

import re

import pytest
from django.core import mail

from information.models import InformationRequest, RequestStatus
from tests.cms.factories import pdf_bytes
from tests.e2e.browser import log_in
from tests.information.factories import InformationOfficerFactory
from tests.participation.factories import SignatoryFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_ask_extend_answer_publish_find(browser, asgi_server, screenshot, tmp_path):
    resident = SignatoryFactory(
        display_name="نادية", identity__full_name="نادية الصنهاجي", identity__cin="AB654321"
    )
    officer = InformationOfficerFactory()
    contexts = [
        browser.new_context(locale="ar", viewport={"width": 1200, "height": 900}) for _ in range(3)
    ]
    try:
        page, staff, visitor = (context.new_page() for context in contexts)

        # 1. The resident asks, forgetting what she wants: a clear message, her subject kept.
        log_in(page, asgi_server, resident.email)
        page.goto(f"{asgi_server}/ar/information/")
        page.locator("main a[href$='/information/ask/']").first.click()
        page.wait_for_url(re.compile(r"/ar/information/ask/$"))
        page.fill("#id_subject", "ميزانية صيانة حدائق بطانة")
        page.locator("main form button[type=submit]").click()
        assert page.locator(".error-summary").is_visible()
        assert page.input_value("#id_subject") == "ميزانية صيانة حدائق بطانة"
        screenshot(page, "ar-information-01-ask-error")
        page.fill("#id_information", "المبالغ المخصصة لصيانة حدائق بطانة سنة 2026 والشركة المكلفة.")
        page.locator("main form button[type=submit]").click()
        page.wait_for_url(re.compile(r"/ar/information/requests/\d+/$"))
        request = InformationRequest.objects.get(requester=resident)
        assert request.number in page.locator(".messages").inner_text()
        assert [m.to for m in mail.outbox if request.number in m.subject] == [[resident.email]]
        assert "AB654321" not in page.content()
        screenshot(page, "ar-information-02-filed")

        # 2. An officer extends the period, saying why, then answers with a document.
        log_in(staff, asgi_server, officer.email)
        staff.goto(f"{asgi_server}/staff/information-requests/")
        assert request.number in staff.content()
        staff.goto(f"{asgi_server}/staff/information-requests/review/{request.pk}/")
        extend = staff.locator("form:has(input[name=action][value=extend])")
        extend.locator("textarea").fill("الفواتير محفوظة لدى قسم الشؤون المالية.")
        extend.locator("button[type=submit]").click()
        staff.wait_for_url(re.compile(rf"/review/{request.pk}/$"))
        request.refresh_from_db()
        assert request.extended_on is not None
        document = tmp_path / "ميزانية-الحدائق.pdf"
        document.write_bytes(pdf_bytes("budget"))
        answer = staff.locator("form:has(input[name=action][value=answer])")
        answer.locator("textarea").fill("خصصت الجماعة 850 ألف درهم لصيانة حدائق بطانة سنة 2026.")
        answer.locator("input[type=file]").set_input_files(str(document))
        screenshot(staff, "ar-information-03-answer")
        answer.locator("button[type=submit]").click()
        staff.wait_for_url(re.compile(rf"/review/{request.pk}/$"))
        request.refresh_from_db()
        assert request.status == RequestStatus.ANSWERED

        # 3. The resident reads the answer and its document, and agrees to publish it.
        page.goto(f"{asgi_server}/ar/information/requests/{request.pk}/")
        assert "850 ألف درهم" in page.content()
        assert "الفواتير محفوظة" in page.locator("#timeline").inner_text()
        with page.expect_response(re.compile(r"/information/documents/\d+/$")) as download:
            page.evaluate(
                "fetch(document.querySelector('a[href*=\"/information/documents/\"]').href)"
            )
        assert download.value.status == 200
        page.locator("form[action$='/publish/'] button").click()
        page.wait_for_url(re.compile(rf"/ar/information/requests/{request.pk}/$"))
        screenshot(page, "ar-information-04-answered")

        # 4. A visitor searches the register and finds the answer, and nothing about her.
        visitor.goto(f"{asgi_server}/ar/information/")
        visitor.fill("#filter-q", "حدائق")
        visitor.locator("form.filters button[type=submit]").click()
        visitor.locator(f"a[href$='/information/published/{request.pk}/']").click()
        visitor.wait_for_url(re.compile(rf"/published/{request.pk}/$"))
        text = visitor.content()
        assert "850 ألف درهم" in text
        for personal in ("نادية", "AB654321", resident.email):
            assert personal not in text
        screenshot(visitor, "ar-information-05-register")
    finally:
        for context in contexts:
            context.close()
