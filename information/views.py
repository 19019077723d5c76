"""Access to information for residents: the public register of answered requests and the
commune's own publications, asking for information, following one's requests (clarify,
withdraw, agree to publish, complain), and the public figures."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from information import figures, services
from information.forms import ClarifyForm, ComplaintForm, RequestForm
from information.models import (
    AnswerDocument,
    Department,
    InformationRequest,
    Publication,
    PublicationKind,
    RefusalGround,
    commune_working_days,
)
from participation import ratelimits
from participation.listing import Filter, Listing, Sort
from participation.models import IdentityDeclaration
from participation.services import ParticipationError

REGISTER = Listing(
    filters=[Filter("department", "department__slug", label=gettext_lazy("Department"))],
    sorts={
        "newest": Sort(gettext_lazy("Newest answers"), ("-answered_on", "-pk")),
        "oldest": Sort(gettext_lazy("Oldest answers"), ("answered_on", "pk")),
    },
    default_sort="newest",
    search_fields=[("subject", "A"), ("information", "B"), ("answer", "B")],
)


@require_GET
def register(request):
    """The public register: answered requests their requesters agreed to publish (nothing
    about the requester is shown), searchable, beside the commune's own publications."""
    requests, chosen, sort = REGISTER.apply(
        InformationRequest.objects.published().select_related("department"), request.GET
    )
    page = REGISTER.page(requests, request.GET)
    names = Department.objects.names_in()
    for item in page:
        item.department_name = (
            names.get(item.department.translation_key, item.department.name)
            if item.department_id
            else ""
        )
    options = {"department": Department.objects.slug_choices(names)}
    return render(
        request,
        "information/register.html",
        {
            **REGISTER.context(request.GET, page, chosen, sort, options),
            "publications": Publication.objects.select_related("document")[:6],
            "can_ask": request.user.has_perm("information.file_request"),
        },
    )


@require_GET
def published(request, pk):
    item = get_object_or_404(
        InformationRequest.objects.published().select_related("department"), pk=pk
    )
    return render(
        request,
        "information/published.html",
        {"item": item, "documents": list(item.documents.all())},
    )


@require_GET
def publications(request):
    """What the commune publishes of its own accord (law 31-13, art. 10), by kind."""
    by_kind = {}
    for publication in Publication.objects.select_related("document"):
        by_kind.setdefault(publication.kind, []).append(publication)
    return render(
        request,
        "information/publications.html",
        {
            "groups": [
                (label, by_kind[kind]) for kind, label in PublicationKind.choices if kind in by_kind
            ]
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def ask(request):
    """File a request. The law asks for the requester's name, address and ID number: a
    resident who has not declared them is sent to their declaration first, and back."""
    if not request.user.has_perm("information.file_request"):
        raise PermissionDenied
    declaration = IdentityDeclaration.objects.filter(user=request.user).first()
    form = RequestForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and declaration is not None and form.is_valid():
        if refused := ratelimits.refusal(request, "information_request"):
            return refused
        data = form.cleaned_data
        try:
            filed = services.file_request(
                request.user,
                subject=data["subject"],
                information=data["information"],
                delivery=data["delivery"],
                urgent=data["urgent"],
                urgency_reason=data["urgency_reason"],
                submission=data["submission"],
            )
        except ParticipationError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _(
                    "Your request is filed under number %(number)s. You will receive an "
                    "acknowledgement by email."
                )
                % {"number": filed.number},
            )
            return redirect(filed)
    return render(
        request,
        "information/ask.html",
        {"form": form, "declaration": declaration, "next": reverse("information:ask")},
    )


@login_required
@require_GET
def mine(request):
    return render(
        request,
        "information/mine.html",
        {"requests": InformationRequest.objects.filter(requester=request.user)},
    )


def _request_for(request, pk):
    """The request, for its requester and the staff who handle it; a 404 for anyone else,
    who must not learn that it exists."""
    item = get_object_or_404(
        InformationRequest.objects.select_related(
            "department", "refusal_ground", "requester", "complaint"
        ),
        pk=pk,
    )
    if not request.user.has_perm("information.read_request", item):
        raise Http404
    return item


@login_required
@require_GET
def request_detail(request, pk):
    return _detail(request, _request_for(request, pk))


def _detail(request, item, clarify_form=None, complaint_form=None):
    """The request's page, with the requester's forms (bound when one was sent wrong)."""
    user = request.user
    working_days = commune_working_days()
    complaint = getattr(item, "complaint", None)
    return render(
        request,
        "information/request.html",
        {
            "item": item,
            "events": item.events.select_related("actor")
            if user.has_perm("information.view_in_queue", item)
            else item.events.filter(is_public=True),
            "documents": list(item.documents.all()),
            "days_left": item.days_left(working_days=working_days),
            "open_wait": item.waits.filter(answered_on__isnull=True).first(),
            "complaint": complaint,
            "complaint_deadline": item.complaint_deadline(working_days=working_days),
            "refusal_ground_name": item.refusal_ground.localized_name
            if item.refusal_ground_id
            else "",
            "department_name": item.department.localized_name if item.department_id else "",
            "can_clarify": user.has_perm("information.clarify_request", item),
            "can_withdraw": user.has_perm("information.withdraw_request", item),
            "can_publish": user.has_perm("information.agree_to_publish", item)
            and item.published_at is None,
            "can_complain": user.has_perm("information.complain", item),
            "clarify_form": clarify_form or ClarifyForm(),
            "complaint_form": complaint_form or ComplaintForm(),
        },
    )


def _requester_step(request, pk, permission):
    item = _request_for(request, pk)
    if not request.user.has_perm(permission, item):
        raise PermissionDenied
    return item


@login_required
@require_POST
def clarify(request, pk):
    item = _requester_step(request, pk, "information.clarify_request")
    form = ClarifyForm(request.POST)
    if not form.is_valid():
        return _detail(request, item, clarify_form=form)
    if refused := ratelimits.refusal(request, "information_step"):
        return refused
    services.clarify(request.user, item, form.cleaned_data["answer"])
    messages.success(request, _("Your clarification is sent; the period runs again."))
    return redirect(item)


@login_required
@require_POST
def withdraw(request, pk):
    item = _requester_step(request, pk, "information.withdraw_request")
    if refused := ratelimits.refusal(request, "information_step"):
        return refused
    services.withdraw(request.user, item)
    messages.success(request, _("Your request is withdrawn."))
    return redirect(item)


@login_required
@require_POST
def agree_to_publish(request, pk):
    item = _requester_step(request, pk, "information.agree_to_publish")
    if refused := ratelimits.refusal(request, "information_step"):
        return refused
    services.agree_to_publish(request.user, item)
    messages.success(
        request,
        _(
            "Thank you: the question and the answer are in the public register, without your "
            "name or anything about you."
        ),
    )
    return redirect(item)


@login_required
@require_POST
def complain(request, pk):
    item = _requester_step(request, pk, "information.complain")
    form = ComplaintForm(request.POST)
    if not form.is_valid():
        return _detail(request, item, complaint_form=form)
    if refused := ratelimits.refusal(request, "information_step"):
        return refused
    try:
        services.complain(request.user, item, form.cleaned_data["text"])
    except ParticipationError as error:
        form.add_error(None, str(error))
        return _detail(request, item, complaint_form=form)
    messages.success(request, _("Your complaint is filed with the head of the commune."))
    return redirect(item)


@require_GET
def document(request, pk):
    """A file of an answer: for the requester and the staff who handle the request, and for
    everyone once the request is in the public register."""
    attachment = get_object_or_404(
        AnswerDocument.objects.select_related("request", "request__department"), pk=pk
    )
    item = attachment.request
    if item.published_at is None and not request.user.has_perm("information.read_request", item):
        raise Http404
    response = FileResponse(attachment.file.open("rb"), as_attachment=False)
    response["Cache-Control"] = "private, no-store" if item.published_at is None else "public"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_GET
def figures_page(request):
    rows = figures.read_rows()
    working_days = commune_working_days()
    return render(
        request,
        "information/figures.html",
        {
            "years": figures.by_year(rows, working_days),
            "departments": figures.by_department(rows, working_days),
            "grounds": figures.refusals_by_ground(RefusalGround.objects.names_in(), rows),
        },
    )
