"""Procedures for residents: the catalogue (searched with Arabic spelling variants folded,
filtered by category and digitalisation status), each procedure's page with "Did this page
help?" and "Digitalise this first", and the public ranking of the procedures residents want
online first."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Exists, OuterRef
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from participation import ratelimits
from participation.arabic import fold_query
from participation.models import Arrondissement
from participation.services import ParticipationError
from procedures import services
from procedures.forms import FeedbackForm
from procedures.models import (
    DigitalisationStatus,
    DigitalisationVote,
    ProcedureCategory,
    ProcedureFeedback,
    ProcedureIndexPage,
    ProcedurePage,
)

PER_PAGE = 20
# An anonymous visitor's answers, by procedure: {"<original pk>": <feedback pk>}.
SESSION_KEY = "procedure_feedback"
# The statuses in the order the catalogue's summary gives them.
STATUS_ORDER = [
    DigitalisationStatus.PAPER,
    DigitalisationStatus.PARTLY_ONLINE,
    DigitalisationStatus.FULLY_ONLINE,
    DigitalisationStatus.PLANNED,
]


def _with_place_names(procedures):
    """Each procedure's arrondissement named in the reader's language (one remembered query)."""
    names = Arrondissement.objects.names_in()
    for procedure in procedures:
        procedure.arrondissement_name = (
            names.get(procedure.arrondissement.translation_key, procedure.arrondissement.name)
            if procedure.arrondissement_id
            else ""
        )
    return names


def procedure_listing(request, index):
    """Context of the procedures index: its procedures by title, or the best matches first for a
    search (``q``), filtered by ``category`` and ``status``."""
    procedures = ProcedurePage.objects.child_of(index).live().select_related("arrondissement")
    filters = {}
    for name, field, accepted in (
        ("category", "category", ProcedureCategory.values),
        ("status", "digitalisation_status", DigitalisationStatus.values),
    ):
        value = request.GET.get(name, "")
        if value in accepted:
            procedures = procedures.filter(**{field: value})
            filters[name] = value
    search = request.GET.get("q", "").strip()[:200]
    # Folded as the index folds the pages (participation/arabic.py): "السكني" finds "السكنى";
    # quotes and other search syntax are dropped, never passed to the search engine.
    words = fold_query(search)
    if words:
        filters["q"] = search
        results = procedures.search(words, operator="and")
    else:
        results = procedures.order_by("title", "pk")
    page = Paginator(results, PER_PAGE).get_page(request.GET.get("page"))
    names = _with_place_names(page)
    query = request.GET.copy()
    query.pop("page", None)
    return {
        "procedures": page,
        "filters": filters,
        "search": search,
        "query_string": query.urlencode(),
        "categories": ProcedureCategory.choices,
        "statuses": DigitalisationStatus.choices,
        "arrondissement_names": names,
    }


def _earlier_feedback(request, original):
    """The reader's answer for this procedure: a resident's, or the one this session gave."""
    if request.user.is_authenticated:
        return ProcedureFeedback.objects.filter(procedure=original, user=request.user).first()
    earlier = request.session.get(SESSION_KEY, {}).get(str(original.pk))
    if earlier is None:
        return None
    return ProcedureFeedback.objects.filter(pk=earlier, procedure=original, user=None).first()


def procedure_context(request, procedure):
    """What the procedure page shows the reader: how many found it helpful (never the
    comments), their own answer, the votes to digitalise it and theirs."""
    original = procedure.original
    helpful, answers = services.feedback_figures(original)
    earlier = _earlier_feedback(request, original)
    votes = DigitalisationVote.objects.filter(procedure=original)
    voted = request.user.is_authenticated and votes.filter(user=request.user).exists()
    return {
        "helpful_count": helpful,
        "answer_count": answers,
        "earlier_feedback": earlier,
        "feedback_form": FeedbackForm(earlier=earlier),
        "vote_count": votes.count(),
        "voted": voted,
        "may_vote": request.user.has_perm("procedures.vote_for_digitalisation", original),
    }


def _procedure(pk):
    return get_object_or_404(ProcedurePage.objects.live(), pk=pk)


def _page_with_errors(request, procedure, form):
    """The procedure page again, with what the reader typed and what to correct."""
    context = procedure.get_context(request)
    context["feedback_form"] = form
    return TemplateResponse(request, procedure.get_template(request), context, status=400)


@require_POST
def give_feedback(request, pk):
    """ "Did this page help?" from a resident or an anonymous visitor."""
    procedure = _procedure(pk)
    if refused := ratelimits.refusal(request, "procedure_feedback"):
        return refused
    form = FeedbackForm(request.POST)
    if not form.is_valid():
        return _page_with_errors(request, procedure, form)
    original = procedure.original
    answered = request.session.get(SESSION_KEY, {})
    try:
        feedback, created = services.give_feedback(
            original,
            form.is_helpful,
            form.cleaned_data["comment"],
            user=request.user,
            submission=form.cleaned_data["submission"],
            earlier=answered.get(str(original.pk)),
        )
    except ParticipationError as error:
        form.add_error(None, str(error))
        return _page_with_errors(request, procedure, form)
    if not request.user.is_authenticated:
        request.session[SESSION_KEY] = {**answered, str(original.pk): feedback.pk}
    messages.success(
        request,
        _("Thank you for your answer.") if created else _("Your answer is updated. Thank you."),
    )
    return redirect(procedure.url + "#feedback")


@login_required
@require_POST
def vote(request, pk):
    procedure = _procedure(pk)
    if not request.user.has_perm("procedures.vote_for_digitalisation", procedure.original):
        raise PermissionDenied
    if refused := ratelimits.refusal(request, "digitalisation_vote"):
        return refused
    try:
        services.vote(request.user, procedure)
    except ParticipationError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, _("Your vote is counted: this procedure should be digitalised first.")
        )
    return redirect(procedure.url + "#digitalise")


@login_required
@require_POST
def withdraw_vote(request, pk):
    procedure = _procedure(pk)
    if refused := ratelimits.refusal(request, "digitalisation_vote"):
        return refused
    if services.withdraw_vote(request.user, procedure):
        messages.success(request, _("Your vote is withdrawn."))
    return redirect(procedure.url + "#digitalise")


def _originals():
    """The live procedures that are the original of their translations (votes belong to them):
    each procedure once, whatever the number of its languages."""
    earlier = ProcedurePage.objects.filter(
        translation_key=OuterRef("translation_key"), pk__lt=OuterRef("pk")
    )
    return ProcedurePage.objects.live().filter(~Exists(earlier))


@require_GET
def ranking(request):
    """The procedures not yet fully online, most wanted first, with their share of all votes;
    and how many procedures of the catalogue are at each stage."""
    originals = _originals()
    ranked = (
        originals.exclude(digitalisation_status=DigitalisationStatus.FULLY_ONLINE)
        .annotate(votes=Count("digitalisation_votes"))
        .order_by("-votes", "title", "pk")
    )
    total_votes = DigitalisationVote.objects.filter(
        procedure__in=originals.exclude(digitalisation_status=DigitalisationStatus.FULLY_ONLINE)
    ).count()
    page = Paginator(ranked, PER_PAGE).get_page(request.GET.get("page"))
    language = get_language()
    translations = {
        translation.translation_key: translation
        for translation in ProcedurePage.objects.live().filter(
            translation_key__in=[procedure.translation_key for procedure in page],
            locale__language_code=language,
        )
    }
    for procedure in page:
        procedure.in_reader_language = translations.get(procedure.translation_key, procedure)
        procedure.share = round(100 * procedure.votes / total_votes) if total_votes else 0
    counts = dict(
        originals.order_by()
        .values_list("digitalisation_status")
        .annotate(count=Count("pk"))
        .values_list("digitalisation_status", "count")
    )
    labels = dict(DigitalisationStatus.choices)
    index = ProcedureIndexPage.objects.live().filter(locale__language_code=language).first()
    return TemplateResponse(
        request,
        "procedures/ranking.html",
        {
            "procedures": page,
            "total_votes": total_votes,
            "summary": [(status, labels[status], counts.get(status, 0)) for status in STATUS_ORDER],
            "procedure_count": sum(counts.values()),
            "index": index,
            "query_string": "",
        },
    )
