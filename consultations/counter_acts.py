"""Consultations at a counter (participation/counter_acts.py): an agent records a resident's
answers to an open questionnaire, through the service the site uses, marked with the counter and
the agent. Registered in consultations/wagtail_hooks.py.

The form is the site's questionnaire, empty: the agent never sees what the resident answered
before (online or at another visit); what they record replaces it, as a resident's own new
answers would until the questionnaire closes."""

from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from consultations import services
from consultations.forms import QuestionnaireForm
from consultations.models import ConsultationPage, Response
from participation.counter_acts import ActRefused, CounterAct

SEARCH_LIMIT = 20


def open_consultations(query=""):
    """Consultations whose questionnaire is open, each once, in the reader's language when it
    has a version in it; ``query`` a word of their title (in any language)."""
    language = get_language()
    versions = {}
    pages = (
        ConsultationPage.objects.live()
        .select_related("locale")
        .prefetch_related("phases")
        .order_by("pk")
    )
    for page in pages:
        versions.setdefault(page.translation_key, []).append(page)
    query = (query or "").strip().casefold()
    found = []
    for pages in versions.values():
        original = pages[0]  # the lowest id: the version that owns the calendar and responses
        original.__dict__.setdefault("original", original)
        if not original.questionnaire_is_open():
            continue
        if query and not any(query in page.title.casefold() for page in pages):
            continue
        shown = next((page for page in pages if page.locale.language_code == language), original)
        found.append((shown.pk, shown.title))
    return found[:SEARCH_LIMIT]


def live_consultation(pk):
    return ConsultationPage.objects.live().filter(pk=pk).first()


def questionnaire_form(resident, counter, consultation, data=None, files=None):
    """The questionnaire as residents see it, empty, checked as a submission (every required
    question answered)."""
    return QuestionnaireForm(consultation.questions, data, submitting=True)


def answer_consultation(agent, resident, counter, consultation, form):
    """The online rule (``consultations.answer_consultation``: the questionnaire open), the
    confirmed email aside; the answers count at once (submitted)."""
    if not consultation.questionnaire_is_open():
        raise ActRefused(
            _("The questionnaire is closed: answers are no longer recorded."), "closed"
        )
    try:
        response = services.save_answers(
            consultation,
            form.answers(),
            participant=resident,
            submit=True,
            at_counter=counter,
            recorded_by=agent,
        )
    except services.ConsultationError as error:
        raise ActRefused(str(error), "closed") from error
    return response, True


def describe_response(response):
    return response.consultation.title


def counter_acts():
    return [
        CounterAct(
            kind="consultation_answered",
            label=gettext_lazy("Answer a consultation"),
            done_label=gettext_lazy("Consultation answered"),
            help_text=gettext_lazy(
                "Read each question to the resident and record their answers. Answers they gave "
                "before are not shown; these replace them."
            ),
            build_form=questionnaire_form,
            perform=answer_consultation,
            describe=describe_response,
            records=lambda: Response.objects.select_related("consultation"),
            find_subjects=open_consultations,
            subject=live_consultation,
            form_template="consultations/_questions.html",
            order=30,
        ),
    ]
