"""Keyboard-only journeys (issue 17, point 9): signing up from the home page, supporting a
proposal, declaring one's identity and signing a petition, answering a questionnaire — with
Tab, Shift+Tab, Enter, Space, the arrows and typing only, never a click. At every step the
focused element shows its focus (``tab_to`` checks each element it passes), and the outcome is
read in the database."""

import re

import pytest
from django.utils import translation

from consultations.models import Answer, Response
from participation.models import User
from petitions.models import Signature
from proposals.models import Support
from tests.e2e.browser import assert_focus_visible, by_id, focused, log_in_as, tab_to
from tests.factories import (
    C_B,
    C_X,
    C_YES,
    Q_CONDITIONAL,
    Q_MULTIPLE,
    Q_RANKING,
    Q_SCALE,
    Q_SHORT,
    Q_SINGLE,
    R1,
    R2,
    R3,
    ResidentFactory,
    make_consultation,
    make_petition,
    make_signatory,
)
from tests.proposals.factories import ProposalFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "Sale-2027-keyboard"


def translated(language, message):
    with translation.override(language):
        return translation.gettext(message)


def is_submit_in_main(element):
    return element["inMain"] and element["type"] == "submit"


@pytest.fixture
def keyboard_page(browser):
    context = browser.new_context(locale="ar", viewport={"width": 1280, "height": 900})
    yield context, context.new_page()
    context.close()


def type_into(page, element_id, text):
    tab_to(page, by_id(element_id))
    page.keyboard.type(text)


@pytest.mark.parametrize(("language", "width"), [("ar", 1280), ("fr", 375)])
def test_sign_up_from_the_home_page(browser, live_server, language, width, screenshot):
    context = browser.new_context(locale=language, viewport={"width": width, "height": 900})
    page = context.new_page()
    email = f"keyboard-{language}@sale.example"
    try:
        page.goto(f"{live_server.url}/{language}/")
        # The first Tab reaches the skip link, shown; Enter moves the focus to the content.
        skip = tab_to(page, translated(language, "Skip to main content"), max_steps=1)
        assert skip["href"] == "#main"
        assert page.locator(".skip-link").bounding_box()["y"] >= 0  # on screen, not off it
        page.keyboard.press("Enter")
        assert focused(page)["id"] == "main"
        if width < 900:
            # On a phone the header's links are folded in the menu: back up to it, open it.
            tab_to(page, translated(language, "Menu"), backwards=True)
            page.keyboard.press("Enter")
            tab_to(page, translated(language, "Create an account"))
        else:
            tab_to(page, translated(language, "Create an account"), backwards=True)
        page.keyboard.press("Enter")
        page.wait_for_url(re.compile(rf"/{language}/accounts/signup/$"))

        type_into(page, "id_email", email)
        type_into(page, "id_password1", PASSWORD)
        type_into(page, "id_password2", PASSWORD)
        type_into(page, "id_display_name", "Salma" if language == "fr" else "سلمى")
        tab_to(page, by_id("id_arrondissement"))
        page.keyboard.press("ArrowDown")  # the first arrondissement
        page.keyboard.press("ArrowDown")
        tab_to(page, by_id("id_accept_privacy_notice"))
        page.keyboard.press("Space")
        assert page.locator("#id_accept_privacy_notice").is_checked()
        screenshot(page, f"{language}-keyboard-01-signup")
        tab_to(page, is_submit_in_main)
        page.keyboard.press("Enter")
        page.wait_for_url(re.compile(rf"/{language}/accounts/confirm-email/$"))
    finally:
        context.close()
    user = User.objects.get(email=email)
    assert user.arrondissement is not None
    assert user.privacy_notice_accepted_at is not None


def test_support_a_proposal(keyboard_page, live_server):
    context, page = keyboard_page
    proposal = ProposalFactory(title="إنارة زنقة المدرسة")
    resident = ResidentFactory()
    log_in_as(context, live_server.url, resident)
    page.goto(f"{live_server.url}/ar/proposals/{proposal.pk}/")
    tab_to(page, translated("ar", "I support this proposal"))
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"#support$"))
    assert Support.objects.filter(proposal=proposal, user=resident).exists()
    # Still reachable, and visibly focused, after the page came back.
    tab_to(page, translated("ar", "Withdraw my support"))


def test_declare_identity_and_sign_a_petition(keyboard_page, live_server, screenshot):
    context, page = keyboard_page
    petition = make_petition(make_signatory(), title="إنارة زنقة المدرسة بحي السلام")
    resident = ResidentFactory()
    log_in_as(context, live_server.url, resident)
    page.goto(f"{live_server.url}/ar/petitions/{petition.pk}/")

    # Sharik asks for the identity declaration first.
    tab_to(page, translated("ar", "Declare my identity"))
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/ar/profile/identity/\?next="))
    type_into(page, "id_full_name", "وفاء العلوي")
    type_into(page, "id_cin", "AB 123456")
    tab_to(page, by_id("id_basis_0"))
    page.keyboard.press("Space")
    type_into(page, "id_address", "زنقة 4، حي السلام، سلا")
    tab_to(page, by_id("id_arrondissement"))
    page.keyboard.press("ArrowDown")
    tab_to(page, by_id("id_on_electoral_roll"))
    page.keyboard.press("Space")
    tab_to(page, by_id("id_accept_declaration"))
    page.keyboard.press("Space")
    screenshot(page, "ar-keyboard-02-identity")
    tab_to(page, is_submit_in_main)
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}/ar/petitions/{petition.pk}/")  # not ?next=…

    # Then signs.
    tab_to(page, by_id("id_accept"))
    page.keyboard.press("Space")
    tab_to(page, translated("ar", "Sign the petition"))
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(rf"/ar/petitions/{petition.pk}/#sign$"))
    assert Signature.objects.filter(petition=petition, user=resident).exists()


def test_answer_a_questionnaire(keyboard_page, live_server, screenshot):
    context, page = keyboard_page
    consultation = make_consultation(title="ميزانية الحي")
    resident = ResidentFactory()
    log_in_as(context, live_server.url, resident)
    page.goto(f"{live_server.url}{consultation.url}questionnaire/")

    # A radio group: Tab enters it, the arrow moves to "B" (and checks it).
    tab_to(page, lambda e: e["field"] == f"q-{Q_SINGLE}")
    page.keyboard.press("ArrowDown")
    assert page.locator(f'input[name="q-{Q_SINGLE}"][value="{C_B}"]').is_checked()
    assert_focus_visible(page)
    # A checkbox.
    tab_to(page, lambda e: e["field"] == f"q-{Q_MULTIPLE}")
    page.keyboard.press("Space")
    # The ranking: a select per item, chosen by typing its number.
    for rank in ("2", "1", "3"):
        tab_to(page, lambda e: e["field"].startswith(f"q-{Q_RANKING}-"))
        page.keyboard.type(rank)
    # The scale: a radio group.
    tab_to(page, lambda e: e["field"] == f"q-{Q_SCALE}")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    # Text.
    tab_to(page, lambda e: e["field"] == f"q-{Q_SHORT}")
    page.keyboard.type("مقعد قرب المدرسة")
    # The question shown because of "B" (last in the questionnaire) is in the tab order.
    tab_to(page, lambda e: e["field"] == f"q-{Q_CONDITIONAL}")
    page.keyboard.press("Space")
    screenshot(page, "ar-keyboard-03-questionnaire")
    tab_to(page, lambda e: e["type"] == "submit" and e["value"] == "submit")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"#your-participation$"))

    response = Response.objects.get(participant=resident)
    assert response.is_submitted
    answers = {
        (answer.question, answer.choice): answer
        for answer in Answer.objects.filter(response=response)
    }
    assert (Q_SINGLE, C_B) in answers
    assert (Q_CONDITIONAL, C_YES) in answers
    assert (Q_MULTIPLE, C_X) in answers
    assert {answers[(Q_RANKING, item)].position for item in (R1, R2, R3)} == {1, 2, 3}
    assert answers[(Q_RANKING, R2)].position == 1
    assert answers[(Q_SCALE, "")].number == 3
    assert answers[(Q_SHORT, "")].text == "مقعد قرب المدرسة"
