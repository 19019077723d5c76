""" "Did this page help?": counted on the page, one answer per resident (a second one replaces
it), one per session for anonymous visitors, a double click counted once; comments reach the
team in the admin and are never shown on the site; bad input is shown again with a message;
a flood is refused with the "please wait" page."""

import pytest
from django.test import Client
from django.urls import reverse

from participation.services import ParticipationError
from procedures import services
from procedures.models import ProcedureFeedback
from tests.factories import log_in, make_editor
from tests.participation.factories import ResidentFactory
from tests.procedures.factories import ProcedurePageFactory, translate

pytestmark = pytest.mark.django_db

SECRET_COMMENT = "الموظف طلب مني وثيقة غير مذكورة في الصفحة"


def answer(client, procedure, helpful="yes", comment="", **extra):
    return client.post(
        reverse("procedures:feedback", args=[procedure.pk]),
        {"helpful": helpful, "comment": comment, **extra},
    )


def figures(client, procedure):
    context = client.get(procedure.url).context
    return context["helpful_count"], context["answer_count"]


def test_a_residents_answer_is_counted_and_a_second_one_replaces_it(client):
    procedure = ProcedurePageFactory()
    log_in(client, ResidentFactory())
    assert answer(client, procedure, "yes").status_code == 302
    assert figures(client, procedure) == (1, 1)
    answer(client, procedure, "no", "ناقص")
    assert figures(client, procedure) == (0, 1)
    feedback = ProcedureFeedback.objects.get()
    assert (feedback.helpful, feedback.comment) == (False, "ناقص")
    page = client.get(procedure.url)
    assert page.context["earlier_feedback"] == feedback
    assert page.context["feedback_form"]["helpful"].value() == "no"


def test_answers_on_a_translation_count_for_the_procedure(client):
    procedure = ProcedurePageFactory()
    french = translate(procedure, title="Certificat de résidence")
    answer(client, french, "yes")
    answer(Client(), procedure, "no")
    assert ProcedureFeedback.objects.filter(procedure=procedure).count() == 2
    assert figures(client, french) == (1, 2)
    assert figures(client, procedure) == (1, 2)


def test_an_anonymous_visitor_answers_once_per_session(client):
    procedure, other = ProcedurePageFactory(), ProcedurePageFactory()
    answer(client, procedure, "yes")
    answer(client, procedure, "no")  # the same session: replaces its answer
    answer(client, other, "yes")  # another procedure: a new answer
    assert ProcedureFeedback.objects.filter(procedure=procedure).get().helpful is False
    assert client.get(procedure.url).context["earlier_feedback"].helpful is False
    answer(Client(), procedure, "yes")  # another visitor
    assert figures(client, procedure) == (1, 2)
    assert ProcedureFeedback.objects.filter(user__isnull=False).count() == 0


def test_the_same_form_sent_twice_is_one_answer(client):
    procedure = ProcedurePageFactory()
    form = client.get(procedure.url).context["feedback_form"]
    key = str(form["submission"].value())
    # Two sendings before the first one's session came back (a double click, a second tab).
    answer(Client(), procedure, "yes", submission=key)
    answer(Client(), procedure, "no", submission=key)
    assert ProcedureFeedback.objects.get().helpful is False


def test_the_service_replaces_a_residents_answer_even_without_its_id():
    procedure, resident = ProcedurePageFactory(), ResidentFactory()
    first, created = services.give_feedback(procedure, True, user=resident)
    again, created_again = services.give_feedback(procedure, False, "x", user=resident)
    assert created and not created_again and first.pk == again.pk
    assert ProcedureFeedback.objects.count() == 1


def test_comments_are_never_shown_on_the_site(client):
    procedure = ProcedurePageFactory()
    author = ResidentFactory()
    log_in(Client(), author)
    services.give_feedback(procedure, False, SECRET_COMMENT, user=author)
    services.give_feedback(procedure, False, SECRET_COMMENT + "2")  # an anonymous visitor's
    for reader in (Client(), log_in(Client(), ResidentFactory())):
        page = reader.get(procedure.url)
        assert page.status_code == 200
        assert SECRET_COMMENT not in page.text
        assert page.context["answer_count"] == 2


def test_staff_read_the_comments_in_the_admin_filtered_and_cannot_edit_them(client):
    procedure, other = ProcedurePageFactory(), ProcedurePageFactory(title="رخصة البناء")
    services.give_feedback(procedure, False, SECRET_COMMENT)
    services.give_feedback(other, True, "شكرا")
    index = reverse("procedure_feedback:index")
    log_in(client, ResidentFactory())
    assert client.get(index).status_code in {302, 403}
    log_in(client, make_editor())
    listing = client.get(index)
    assert listing.status_code == 200
    assert SECRET_COMMENT in listing.text and "شكرا" in listing.text
    filtered = client.get(index, {"procedure": procedure.pk})
    assert SECRET_COMMENT in filtered.text and "شكرا" not in filtered.text
    filtered = client.get(index, {"helpful": "true"})
    assert SECRET_COMMENT not in filtered.text and "شكرا" in filtered.text
    feedback = ProcedureFeedback.objects.get(procedure=procedure)
    assert client.get(reverse("procedure_feedback:inspect", args=[feedback.pk])).status_code == 200
    for url in (f"{index}new/", f"{index}edit/{feedback.pk}/", f"{index}delete/{feedback.pk}/"):
        assert client.get(url, follow=True).status_code == 404


@pytest.mark.usefixtures("english")
def test_a_comment_too_long_is_shown_again_with_a_message(client):
    procedure = ProcedurePageFactory()
    typed = "ن" * 1001
    response = answer(client, procedure, "no", typed)
    assert response.status_code == 400
    assert "error-summary" in response.text
    assert "at most 1000 characters" in response.text
    assert typed in response.text  # what they wrote, to shorten rather than retype
    assert not ProcedureFeedback.objects.exists()


@pytest.mark.usefixtures("english")
def test_an_answer_without_yes_or_no_is_shown_again_with_a_message(client):
    procedure = ProcedurePageFactory()
    response = answer(client, procedure, "", "بدون اختيار")
    assert response.status_code == 400
    assert "Choose “Yes” or “No”." in response.text
    assert "بدون اختيار" in response.text
    response = answer(client, procedure, "maybe")
    assert response.status_code == 400
    assert not ProcedureFeedback.objects.exists()


@pytest.mark.usefixtures("english")
def test_the_service_refuses_a_comment_too_long():
    with pytest.raises(ParticipationError, match="at most 1000 characters"):
        services.give_feedback(ProcedurePageFactory(), True, "x" * 1001)


@pytest.mark.usefixtures("english")
def test_a_flood_of_answers_is_refused_with_the_please_wait_page(client, settings):
    settings.SHARIK_RATE_LIMITS = {**settings.SHARIK_RATE_LIMITS, "procedure_feedback": "2/h/ip"}
    procedure = ProcedurePageFactory()
    statuses = [answer(Client(), procedure).status_code for _ in range(2)]
    refused = answer(client, procedure)
    assert statuses == [302, 302]
    assert refused.status_code == 429
    assert "Please wait a moment" in refused.text
    assert ProcedureFeedback.objects.count() == 2


def test_a_get_to_the_answer_address_is_refused(client):
    procedure = ProcedurePageFactory()
    assert client.get(reverse("procedures:feedback", args=[procedure.pk])).status_code == 405
