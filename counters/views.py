"""The counter agent's pages, at ``/<language>/counter/``: find or create the resident, open their
file, record the card seen, type the declaration, sign petitions, do for them what the features
register (participation/counter_acts.py: a proposal, a support, a consultation's answers, an
evaluation), print the receipt.

HTTP only: permission check (counters/rules.py), rate limit, form, a service, redirect.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from counters import receipt, services
from counters.forms import (
    ActKeyForm,
    CounterDeclarationForm,
    CounterSignatureForm,
    FindResidentForm,
    FindSubjectForm,
    IdentityCheckForm,
    NewResidentForm,
    OpenFileForm,
)
from counters.models import AssistanceReason, Visit
from counters.rules import counter_of
from participation import ratelimits
from participation.counter_acts import counter_acts
from participation.models import Arrondissement
from participation.services import ParticipationError

# Counter writes have their own limit (SHARIK_RATE_LIMITS["counter"]); signatures are limited as
# every signature is.
WRITE_LIMIT = "counter"
SIGNATURE_LIMIT = "signature"


def _require(request, permission, obj=None):
    if not request.user.has_perm(permission, obj):
        raise PermissionDenied


def _visit(request, pk, permission="counters.view_file"):
    visit = get_object_or_404(
        Visit.objects.select_related("resident", "arrondissement", "agent"), pk=pk
    )
    _require(request, permission, visit)
    return visit


@login_required
@require_GET
def counter_home(request):
    """Find a resident (by email, telephone, or name and arrondissement) or create their account;
    the files opened at this counter today."""
    _require(request, "counters.use_counter")
    form = FindResidentForm(request.GET or None)
    results = None
    names = Arrondissement.objects.names_in()
    if form.is_bound and form.is_valid():
        found = services.find_residents(**form.cleaned_data)
        results = [
            {
                "resident": resident,
                "arrondissement": names.get(resident.arrondissement.translation_key)
                if resident.arrondissement
                else "",
                "email": services.mask_email(resident.email),
                "declared": resident.declared,
            }
            for resident in found
        ]
    counter = counter_of(request.user)
    today = Visit.objects.filter(
        arrondissement=counter, opened_at__date=timezone.localdate()
    ).select_related("resident", "agent")[:50]
    return render(
        request,
        "counters/home.html",
        {
            "form": form,
            "results": results,
            "counter": counter,
            "counter_name": names.get(counter.translation_key, counter.name),
            "today": today,
            "reasons": AssistanceReason.choices,
            "this_month": services.counts_this_month(counter),
        },
    )


@login_required
@require_POST
def open_file(request):
    _require(request, "counters.open_file")
    form = OpenFileForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a resident from the list."))
        return redirect("counters:home")
    if refused := ratelimits.refusal(request, WRITE_LIMIT):
        return refused
    visit = services.open_visit(
        request.user, form.cleaned_data["resident"], form.cleaned_data["reason"]
    )
    return redirect("counters:file", pk=visit.pk)


@login_required
@require_http_methods(["GET", "POST"])
def new_resident(request):
    """An account for a resident, with or without an email address."""
    _require(request, "counters.open_file")
    form = NewResidentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if refused := ratelimits.refusal(request, WRITE_LIMIT):
            return refused
        data = form.cleaned_data
        try:
            visit = services.create_resident(
                request.user,
                display_name=data["display_name"],
                email=data["email"],
                phone=data["phone"],
                arrondissement=data["arrondissement"],
                language=data["preferred_language"],
                reason=data["reason"],
                submission=data["submission"],
            )
        except ParticipationError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The resident's account is open."))
            return redirect("counters:file", pk=visit.pk)
    return render(request, "counters/new_resident.html", {"form": form})


def _file_page(request, visit, identity_form=None, signature_form=None, status=200):
    resident = visit.resident
    declaration = services.declaration_of(resident)
    identity_seen = visit.identity_checks.exists()
    names = Arrondissement.objects.names_in()
    signed = [
        (
            signature.petition.title,
            names.get(signature.at_counter.translation_key, signature.at_counter.name)
            if signature.at_counter
            else None,
        )
        for signature in resident.petition_signatures.select_related("petition", "at_counter")
    ]
    return render(
        request,
        "counters/file.html",
        {
            "visit": visit,
            "resident": resident,
            "email": services.mask_email(resident.email),
            "declaration": declaration,
            "identity_seen": identity_seen,
            "identity_form": identity_form or IdentityCheckForm(),
            "signature_form": signature_form or CounterSignatureForm(),
            "done": services.describe_actions(list(visit.actions.select_related("petition"))),
            "acts": list(counter_acts().values()),
            "can_act": request.user.has_perm("counters.act_for_resident", visit),
            "counter_name": names.get(visit.arrondissement.translation_key),
            "signed": signed,
            "can_sign": request.user.has_perm("counters.sign_for_resident", visit),
            "receipt_languages": [("ar", "العربية"), ("fr", "Français")],
        },
        status=status,
    )


@login_required
@require_GET
def resident_file(request, pk):
    visit = _visit(request, pk)
    return _file_page(request, visit)


@login_required
@require_POST
def identity_check(request, pk):
    visit = _visit(request, pk, "counters.record_identity_check")
    form = IdentityCheckForm(request.POST)
    if not form.is_valid():
        return _file_page(request, visit, identity_form=form, status=400)
    if refused := ratelimits.refusal(request, WRITE_LIMIT):
        return refused
    try:
        services.record_identity_check(request.user, visit, form.cleaned_data["document"])
    except ParticipationError as error:
        form.add_error(None, str(error))
        return _file_page(request, visit, identity_form=form, status=400)
    messages.success(request, _("Recorded: the national ID card was seen."))
    return redirect("counters:file", pk=visit.pk)


@login_required
@require_http_methods(["GET", "POST"])
def declaration(request, pk):
    """The identity declaration typed from the resident's card."""
    visit = _visit(request, pk, "counters.record_declaration")
    form = CounterDeclarationForm(
        request.POST if request.method == "POST" else None,
        instance=services.declaration_of(visit.resident),
        user=visit.resident,
    )
    if request.method == "POST" and form.is_valid():
        if refused := ratelimits.refusal(request, WRITE_LIMIT):
            return refused
        try:
            services.record_declaration(request.user, visit, form)
        except ParticipationError as error:
            form.add_error("cin", str(error))
        else:
            messages.success(request, _("The identity declaration is recorded."))
            return redirect("counters:file", pk=visit.pk)
    return render(request, "counters/declaration.html", {"form": form, "visit": visit})


@login_required
@require_POST
def sign(request, pk):
    visit = _visit(request, pk, "counters.sign_for_resident")
    form = CounterSignatureForm(request.POST)
    if not form.is_valid():
        return _file_page(request, visit, signature_form=form, status=400)
    if refused := ratelimits.refusal(request, SIGNATURE_LIMIT):
        return refused
    petition = form.cleaned_data["petition"]
    try:
        created = services.sign_for_resident(
            request.user, visit, petition, slip_filed=form.cleaned_data["slip_filed"]
        )
    except ParticipationError as error:
        form.add_error(None, str(error))
        return _file_page(request, visit, signature_form=form, status=400)
    if created:
        messages.success(request, _("The signature is recorded."))
    else:
        messages.info(request, _("The resident had already signed this petition."))
    return redirect("counters:file", pk=visit.pk)


def _subject(act, value):
    try:
        return act.subject(int(value)) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None


@login_required
@require_http_methods(["GET", "POST"])
def act(request, pk, kind):
    """One of the acts the features register (participation/counter_acts.py), done for the
    visit's resident: choose what it is done on (if anything), fill in the feature's form, and
    the feature's service records it under the site's rules."""
    visit = _visit(request, pk, "counters.act_for_resident")
    counter_act = counter_acts().get(kind)
    if counter_act is None:
        raise Http404
    posted = request.method == "POST"
    keys = ActKeyForm(request.POST if posted else None, prefix="act")
    subject = None
    if counter_act.has_subject:
        subject = _subject(
            counter_act, request.POST.get("act-subject") if posted else request.GET.get("subject")
        )
        if subject is None:
            if posted:
                messages.error(request, _("Choose from the list."))
                return redirect("counters:act", pk=visit.pk, kind=kind)
            search = FindSubjectForm(request.GET)
            query = search.cleaned_data["q"] if search.is_valid() else ""
            return render(
                request,
                "counters/act_choose.html",
                {
                    "visit": visit,
                    "act": counter_act,
                    "search": search,
                    "subjects": counter_act.find_subjects(query),
                },
            )
        if not posted:
            keys = ActKeyForm(prefix="act", initial={"subject": subject.pk})
    resident = visit.resident
    form = counter_act.build_form(
        resident,
        visit.arrondissement,
        subject,
        request.POST if posted else None,
        request.FILES if posted else None,
    )
    status = 200
    if posted:
        status = 400
        if form.is_valid() and keys.is_valid():
            if refused := ratelimits.refusal(request, WRITE_LIMIT):
                return refused
            try:
                _action, changed = services.perform_act(
                    request.user,
                    visit,
                    counter_act,
                    subject,
                    form,
                    submission=keys.cleaned_data["submission"],
                )
            except ParticipationError as error:  # refused as online: nothing was recorded
                messages.error(request, str(error))
            else:
                if changed:
                    messages.success(
                        request, _("Recorded: %(act)s.") % {"act": counter_act.done_label}
                    )
                else:
                    messages.info(request, _("This was already recorded during this visit."))
                return redirect("counters:file", pk=visit.pk)
    return render(
        request,
        "counters/act.html",
        {"visit": visit, "act": counter_act, "subject": subject, "form": form, "keys": keys},
        status=status,
    )


@login_required
@require_GET
def receipt_pdf(request, pk):
    """The receipt of the visit, in Arabic or French (``?language=fr``)."""
    visit = _visit(request, pk, "counters.download_receipt")
    language = request.GET.get("language", "ar")
    if language not in {"ar", "fr"}:
        language = "ar"
    with translation.override(language):
        content = receipt.receipt_pdf(visit)
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="receipt-{visit.pk}-{language}.pdf"'
    return response
