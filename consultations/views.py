"""Consultation pages: the listing, the page with its calendar, the questionnaire (saved as you
go), the results, the report, and participation by email."""

import csv

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import OuterRef, Subquery
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import formats, timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from consultations import services
from consultations.forms import ParticipateByEmailForm, QuestionnaireForm
from consultations.models import (
    ConsultationPage,
    ConsultationStatus,
    ConsultationTally,
    PhaseKind,
    Response,
)
from consultations.results import cached_results
from participation import pagecache, ratelimits
from participation.models import Arrondissement
from participation.spreadsheets import spreadsheet_safe

PER_PAGE = 12


def _original_field(name):
    """A subquery reading ``name`` from each listed page's original version."""
    return Subquery(
        ConsultationPage.objects.filter(translation_key=OuterRef("translation_key"))
        .order_by("pk")
        .values(name)[:1]
    )


def consultation_listing(request, index):
    """Context of the consultations index: open, upcoming or closed ones, with their counts.

    Status and counts come from each page's original version (one subquery each), so every
    language lists the same consultations as open, and the queries do not grow with the list.
    """
    now = timezone.now()
    original_pk = (
        ConsultationPage.objects.filter(translation_key=OuterRef("translation_key"))
        .order_by("pk")
        .values("pk")[:1]
    )
    pages = (
        ConsultationPage.objects.child_of(index)
        .live()
        .annotate(
            original_pk=Subquery(original_pk),
            original_opens_at=_original_field("opens_at"),
            original_closes_at=_original_field("closes_at"),
        )
        .annotate(
            participant_count=Subquery(
                ConsultationTally.objects.filter(consultation_id=OuterRef("original_pk")).values(
                    "participant_count"
                )[:1]
            )
        )
    )
    status = request.GET.get("status", "")
    if status in ConsultationStatus.values:
        pages = _filter_status(pages, status, now)
    else:
        status = ""
    arrondissement = request.GET.get("arrondissement", "")
    if arrondissement:
        pages = pages.filter(arrondissements__slug=arrondissement)
    pages = pages.order_by("-original_opens_at", "-pk")
    page = Paginator(pages, PER_PAGE).get_page(request.GET.get("page"))
    for consultation in page:
        consultation.listed_status = _status(consultation, now)
    query = request.GET.copy()
    query.pop("page", None)
    names = Arrondissement.objects.names_in()
    return {
        "consultations": page,
        "status": status,
        "statuses": ConsultationStatus.choices,
        "filters": {"status": status, "arrondissement": arrondissement},
        "query_string": query.urlencode(),
        "arrondissements": Arrondissement.objects.slug_choices(names),
    }


def _filter_status(pages, status, now):
    if status == ConsultationStatus.OPEN:
        return pages.filter(original_opens_at__lte=now, original_closes_at__gt=now)
    if status == ConsultationStatus.UPCOMING:
        return pages.filter(original_opens_at__gt=now)
    return pages.filter(original_closes_at__lte=now)


def _status(consultation, now):
    if consultation.original_opens_at is None or now < consultation.original_opens_at:
        return ConsultationStatus.UPCOMING
    if consultation.original_closes_at and now >= consultation.original_closes_at:
        return ConsultationStatus.CLOSED
    return ConsultationStatus.OPEN


# --- The consultation page -------------------------------------------------------------------


def _email_response(request, consultation):
    """The response of a participant without an account who confirmed their address here."""
    response_id = request.session.get(_session_key(consultation))
    if not response_id:
        return None
    return Response.objects.filter(
        pk=response_id, consultation=consultation.original, email_confirmed_at__isnull=False
    ).first()


def _session_key(consultation):
    return f"consultation-response-{consultation.original.pk}"


def _participant_response(request, consultation):
    if request.user.is_authenticated:
        return services.response_of(consultation, request.user)
    return _email_response(request, consultation)


def _common_context(request, consultation):
    original = consultation.original
    tally = ConsultationTally.objects.filter(consultation=original).first()
    now = timezone.now()
    calendar = original.calendar
    return {
        "page": consultation,
        "consultation": consultation,
        "original": original,
        "calendar": calendar,
        "open_phases": [phase for phase in calendar if phase.is_open(now)],
        "now": now,
        "status": consultation.status(now),
        "participant_count": tally.participant_count if tally else 0,
        "questionnaire_open": consultation.questionnaire_is_open(now),
        "results_public": request.user.has_perm("consultations.see_results", original),
        "report_public": request.user.has_perm("consultations.see_report", original),
        "debate_phase": original.phase(PhaseKind.DEBATE),
        "arrondissement_names": _arrondissement_names(consultation),
    }


def _arrondissement_names(consultation):
    names = Arrondissement.objects.names_in()
    return [names.get(a.translation_key, a.name) for a in consultation.arrondissements.all()]


def consultation_page(request, consultation):
    context = _common_context(request, consultation)
    context["response"] = _participant_response(request, consultation)
    context["tags"] = list(consultation.tags.all())
    context["email_form"] = ParticipateByEmailForm()
    return TemplateResponse(request, "consultations/consultation_page.html", context)


# --- The questionnaire -----------------------------------------------------------------------


def _wants_json(request):
    return request.headers.get("Accept", "").startswith("application/json")


def questionnaire(request, consultation):
    """Show the questionnaire with the participant's saved answers; save (draft, as they go) or
    submit. Works as a plain form; the page's script saves on each change (``autosave``)."""
    if not consultation.questions:
        raise Http404
    response = _participant_response(request, consultation)
    email_participant = response is not None and response.participant_id is None
    if not email_participant:
        if not request.user.is_authenticated:
            if consultation.original.open_to_unregistered:
                return redirect(consultation.url + "#take-part")
            return redirect_to_login(request.get_full_path())
        if not request.user.has_perm("consultations.answer_consultation", consultation):
            if not consultation.questionnaire_is_open():
                messages.info(
                    request, _("The questionnaire is closed: answers are no longer recorded.")
                )
                return redirect(consultation.url)
            raise PermissionDenied  # an unconfirmed address: allauth's page explains
    elif not consultation.questionnaire_is_open():
        messages.info(request, _("The questionnaire is closed: answers are no longer recorded."))
        return redirect(consultation.url)

    if request.method != "POST":
        stored = services.answers_by_question(response)
        form = QuestionnaireForm(consultation.questions, stored=stored)
        return _render_questionnaire(request, consultation, form, response)

    action = request.POST.get("action", "save")
    if refused := ratelimits.refusal(request, "consultation_answer"):
        if _wants_json(request):
            return JsonResponse(
                {"saved": False, "message": _("Too many saves: wait a minute.")}, status=429
            )
        return refused
    # Once submitted, every save (autosave included) keeps the response complete.
    submitting = action == "submit" or (response is not None and response.is_submitted)
    # Bound to what was sent: a bound form shows the data, so the stored answers are not read.
    form = QuestionnaireForm(consultation.questions, request.POST, submitting=submitting)
    valid = form.is_valid()
    try:
        response = services.save_answers(
            consultation,
            form.answers(),
            participant=None if email_participant else request.user,
            response_id=response.pk if email_participant else None,
            submit=valid and action == "submit",
            first_save=response is None,
        )
    except services.ConsultationError as error:
        if _wants_json(request):
            return JsonResponse({"saved": False, "message": str(error)}, status=409)
        messages.error(request, str(error))
        return redirect(consultation.url)

    saved_at = formats.time_format(timezone.localtime(response.updated_at), "H:i")
    if _wants_json(request):
        return JsonResponse(
            {
                "saved": True,
                "message": _("Saved at %(time)s") % {"time": saved_at},
                "submitted": response.is_submitted,
                "errors": {
                    question["question"].id: [str(error) for error in question["errors"]]
                    for question in form.bound_questions()
                    if question["errors"]
                },
            }
        )
    if not valid:
        messages.error(
            request,
            _("Your answers are saved, but some need attention before they count: see below."),
        )
        return _render_questionnaire(request, consultation, form, response, status=400)
    if action == "submit":
        messages.success(
            request,
            _("Thank you: your answers count. You may change them until the questionnaire closes."),
        )
        return redirect(consultation.url + "#your-participation")
    messages.success(request, _("Your answers are saved. Submit them when you are ready."))
    return redirect(consultation.url + "questionnaire/")


def _render_questionnaire(request, consultation, form, response, status=200):
    context = _common_context(request, consultation)
    context.update(
        {
            "form": form,
            "response": response,
            "questions": list(form.bound_questions()),
            "questionnaire_phase": consultation.original.phase(PhaseKind.QUESTIONNAIRE),
        }
    )
    return TemplateResponse(request, "consultations/questionnaire.html", context, status=status)


def participate_by_email(request, consultation):
    """A participant without an account asks for a link to answer."""
    if request.method != "POST":
        return redirect(consultation.url + "#take-part")
    form = ParticipateByEmailForm(request.POST)
    if not form.is_valid():
        context = _common_context(request, consultation)
        context.update({"email_form": form, "tags": list(consultation.tags.all())})
        return TemplateResponse(
            request, "consultations/consultation_page.html", context, status=400
        )
    if refused := ratelimits.refusal(request, "consultation_email"):
        return refused
    try:
        services.invite_by_email(
            consultation, form.cleaned_data["email"], form.cleaned_data["arrondissement"]
        )
    except services.ConsultationError as error:
        messages.error(request, str(error))
        return redirect(consultation.url)
    messages.success(
        request,
        _("We sent you a link to answer. Open it from your mailbox (check the spam folder too)."),
    )
    return redirect(consultation.url)


@require_GET
def confirm_participation(request, token):
    response = services.confirm_email(token)
    if response is None:
        messages.error(
            request,
            _("This link is not valid or has expired. Ask the consultation's page for a new one."),
        )
        return redirect("/")
    consultation = response.consultation.in_language(get_language())
    request.session[_session_key(consultation)] = response.pk
    messages.success(request, _("Your address is confirmed: you may answer now."))
    return redirect(consultation.url + "questionnaire/")


# --- Results and report ----------------------------------------------------------------------


def results(request, consultation):
    if not request.user.has_perm("consultations.see_results", consultation.original):
        raise Http404
    pagecache.share_with_residents(request)
    context = _common_context(request, consultation)
    context["results"] = cached_results(consultation, consultation.questions, get_language())
    context["results_are_preview"] = not consultation.results_are_public()
    return TemplateResponse(request, "consultations/results.html", context)


def results_csv(request, consultation):
    """Open data: the aggregated results, no personal data and no free text but published quotes."""
    if not consultation.results_are_public():
        raise Http404
    data = cached_results(consultation, consultation.questions, get_language())
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="consultation-{consultation.original.pk}-results.csv"'
    )
    response.write("\ufeff")  # spreadsheet programs read UTF-8 Arabic with a BOM
    writer = csv.writer(response)
    writer.writerow(
        [_("Question number"), _("Question"), _("Answer"), _("Count"), _("Percent"), _("Answered")]
    )
    for result in data.questions:
        question = result.question
        for row in result.rows:
            writer.writerow(
                [
                    question.number,
                    spreadsheet_safe(question.text),
                    spreadsheet_safe(row.label),
                    row.count,
                    row.percent,
                    result.answered,
                ]
            )
        if question.is_text:
            writer.writerow(
                [question.number, spreadsheet_safe(question.text), "", "", "", result.answered]
            )
    return response


def report(request, consultation):
    if not request.user.has_perm("consultations.see_report", consultation.original):
        raise Http404
    context = _common_context(request, consultation)
    return TemplateResponse(request, "consultations/report.html", context)
