"""Petition pages: browse, read, draft with the conformity check, sign, file."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language_bidi, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from participation import pagecache, ratelimits
from participation.listing import Filter, Listing, Sort
from participation.models import Arrondissement
from participation.pagecache import remembered_fields
from participation.services import ParticipationError
from petitions import law, services
from petitions.forms import OrganisationForm, PetitionForm, SignatureForm
from petitions.models import (
    PUBLIC_STATUSES,
    CouncilCompetence,
    Organisation,
    Petition,
    PetitionAttachment,
    PetitionKind,
    PetitionStatus,
    Signature,
)

PUBLIC_SIGNATORIES_SHOWN = 30


def in_arrondissement(petitions, slug):
    """Petitions concerning the arrondissement ``slug`` (among others), each once."""
    return petitions.filter(
        pk__in=Petition.arrondissements.through.objects.filter(arrondissement__slug=slug).values(
            "petition_id"
        )
    )


def still_collecting(petitions):
    """Only the petitions residents can still sign are "closing soon"."""
    return petitions.filter(status=PetitionStatus.COLLECTING)


LISTING = Listing(
    filters=[
        Filter("status", "status", values=PUBLIC_STATUSES, label=gettext_lazy("Status")),
        Filter("kind", "kind", values=PetitionKind.values, label=gettext_lazy("Who petitions")),
        Filter("arrondissement", apply=in_arrondissement, label=gettext_lazy("Arrondissement")),
        Filter("tag", "tags__slug"),
        Filter("competence", "competence__slug", label=gettext_lazy("Competence")),
    ],
    sorts={
        "signed": Sort(gettext_lazy("Most signed"), ("-signature_count", "-published_at", "-pk")),
        "closing": Sort(
            gettext_lazy("Closing soon"),
            ("collection_ends_on", "-signature_count", "-pk"),
            prepare=still_collecting,
        ),
        "newest": Sort(gettext_lazy("Newest"), ("-published_at", "-pk")),
    },
    default_sort="signed",
    # The title and question weigh more than the reasons.
    search_fields=[("title", "A"), ("question", "A"), ("reasons", "B")],
)


def filtered_petitions(request):
    petitions = Petition.objects.public().select_related("competence", "organisation")
    return LISTING.apply(petitions, request.GET)


def _names():
    return {
        "arrondissements": Arrondissement.objects.names_in(),
        "competences": CouncilCompetence.objects.names_in(),
    }


def list_separator():
    return "، " if get_language_bidi() else ", "  # the Arabic comma in Arabic


def with_names(petitions, names):
    """Competence and arrondissement names in the reader's language (arrondissements must be
    prefetched)."""
    for petition in petitions:
        petition.competence_name = names["competences"].get(
            petition.competence.translation_key, petition.competence.name
        )
        petition.arrondissement_names = list_separator().join(
            names["arrondissements"].get(a.translation_key, a.name)
            for a in petition.arrondissements.all()
        )
    return petitions


@require_GET
@pagecache.shared_with_residents
def petition_list(request):
    petitions, filters, sort = filtered_petitions(request)
    page = LISTING.page(petitions.prefetch_related("arrondissements", "tags"), request.GET)
    names = _names()
    with_names(page, names)
    options = {
        "arrondissement": Arrondissement.objects.slug_choices(names["arrondissements"]),
        "competence": CouncilCompetence.objects.slug_choices(names["competences"]),
        "status": [
            (s, PetitionStatus(s).label) for s in PetitionStatus.values if s in PUBLIC_STATUSES
        ],
        "kind": PetitionKind.choices,
    }
    return render(
        request,
        "petitions/list.html",
        {
            **LISTING.context(request.GET, page, filters, sort, options),
            "threshold": law.residents_signature_threshold(),
        },
    )


# What signing reads of a petition (the rest of the row, and its relations, is for pages).
SIGNING_FIELDS = {"id", "status", "kind", "collection_ends_on", "mandataire_id", "organisation_id"}


def _petition_for(request, pk):
    petition = get_object_or_404(
        Petition.objects.select_related("competence", "organisation", "mandataire"), pk=pk
    )
    if not request.user.has_perm("petitions.read_petition", petition):
        raise Http404
    return petition


def _petition_to_sign(request, pk):
    """The fields signing reads of a petition, remembered per generation of public content (a
    viral petition is signed many times between two changes): the one statement that signs
    checks the row is still as read (petitions/services.py ``sign``)."""
    petition = remembered_fields(Petition, pk, SIGNING_FIELDS)
    if petition is None or not request.user.has_perm("petitions.read_petition", petition):
        raise Http404
    return petition


@require_GET
def petition_detail(request, pk):
    petition = _petition_for(request, pk)
    with_names([petition], _names())
    user = request.user
    if petition.is_public:
        # The same page for every resident but the mandataire (their links, the whole
        # timeline); what is the reader's own is a personal part (petitions/parts.py).
        pagecache.share_with_residents(request, not_for={petition.owner_id})
    events = petition.timeline_for(user)
    public_signatories = list(
        Signature.objects.filter(petition=petition, show_name=True)
        .order_by("-created_at", "-pk")
        .values_list("full_name", "created_at")[:PUBLIC_SIGNATORIES_SHOWN]
    )
    return render(
        request,
        "petitions/detail.html",
        {
            "petition": petition,
            "events": events,
            "may_sign": user.has_perm("petitions.sign_petition", petition),
            "can_edit": user.has_perm("petitions.edit_petition", petition),
            "can_file": user.has_perm("petitions.file_petition", petition),
            "can_withdraw": user.has_perm("petitions.withdraw_petition", petition),
            "can_report": user.has_perm("participation.report_host", petition),
            # Only the mandataire and staff see the check (it reads the declaration and documents).
            "checklist": (
                petition.conformity_checklist()
                if petition.is_owner_or_moderator(user) and not petition.is_filed
                else None
            ),
            "public_signatories": public_signatories,
            "attachments": list(petition.attachments.all()),
            "tags": list(petition.tags.all()),
        },
    )


def _save_petition(request, form):
    petition = form.save(commit=False)
    if petition.mandataire_id is None:
        petition.mandataire = request.user
    with transaction.atomic():
        petition.save()
        form.save_m2m()
        if form.cleaned_data.get("attachment"):
            PetitionAttachment.objects.create(
                petition=petition,
                file=form.cleaned_data["attachment"],
                title=form.cleaned_data["attachment_title"].strip(),
            )
    if request.POST.get("action") == "submit":
        try:
            services.submit_for_review(petition)
        except ParticipationError as error:
            messages.error(request, str(error))
            return redirect("petitions:edit", petition.pk)
        messages.success(
            request,
            _("Thank you! The commune's staff will check your petition before it is published."),
        )
        return redirect(petition.get_absolute_url())
    messages.success(
        request, _("Your draft is saved. Check the conditions below before you submit it.")
    )
    return redirect("petitions:edit", petition.pk)


def _form_page(request, form, petition=None):
    return render(
        request,
        "petitions/form.html",
        {
            "form": form,
            "petition": petition,
            "checklist": petition.conformity_checklist() if petition else None,
            "threshold": law.residents_signature_threshold(),
            "attachments": list(petition.attachments.all()) if petition else [],
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def petition_create(request):
    if not request.user.has_perm("petitions.start_petition"):
        raise PermissionDenied
    form = PetitionForm(
        request.POST or None,
        request.FILES or None,
        user=request.user,
        initial={"arrondissements": [request.user.arrondissement_id]},
    )
    if request.method == "POST" and form.is_valid():
        if refused := ratelimits.refusal(request, "petition"):
            return refused
        return _save_petition(request, form)
    return _form_page(request, form)


@login_required
@require_http_methods(["GET", "POST"])
def petition_edit(request, pk):
    petition = _petition_for(request, pk)
    if not request.user.has_perm("petitions.edit_petition", petition):
        raise PermissionDenied
    form = PetitionForm(
        request.POST or None, request.FILES or None, instance=petition, user=request.user
    )
    if request.method == "POST" and form.is_valid():
        if refused := ratelimits.refusal(request, "petition"):
            return refused
        return _save_petition(request, form)
    return _form_page(request, form, petition)


@require_POST
def petition_sign(request, pk):
    petition = _petition_to_sign(request, pk)
    if not request.user.is_authenticated:
        return redirect_to_login(petition.get_absolute_url())
    if refused := ratelimits.refusal(request, "signature"):
        return refused
    # An address, not a view's name: redirect() would try it as one first.
    anchor = f"{petition.get_absolute_url()}#sign"
    try:
        if request.POST.get("action") == "withdraw":
            if services.withdraw_signature(request.user, petition):
                messages.success(request, _("Your signature is withdrawn."))
            return HttpResponseRedirect(anchor)
        if not request.user.has_perm("petitions.sign_petition", petition):
            raise PermissionDenied
        form = SignatureForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Tick the declaration to sign."))
            return HttpResponseRedirect(anchor)
        if services.sign(request.user, petition, show_name=form.cleaned_data["show_name"]):
            messages.success(
                request, _("Thank you, your signature is recorded. You now follow this petition.")
            )
        elif not services.has_signed(request.user, petition):
            messages.error(
                request,
                _(
                    "This national ID number has already signed this petition from another "
                    "account: one person signs once."
                ),
            )
    except ParticipationError as error:
        messages.error(request, str(error))
    return HttpResponseRedirect(anchor)


@login_required
@require_POST
def petition_file(request, pk):
    petition = _petition_for(request, pk)
    if not request.user.has_perm("petitions.file_petition", petition):
        raise PermissionDenied
    if refused := ratelimits.refusal(request, "petition"):
        return refused
    try:
        petition = services.file_with_council(request.user, petition)
    except ParticipationError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _(
                "The petition is filed with the president of the council. Receipt number: "
                "%(number)s."
            )
            % {"number": petition.receipt_number},
        )
    return redirect(f"{petition.get_absolute_url()}#timeline")


@login_required
@require_POST
def petition_withdraw(request, pk):
    petition = _petition_for(request, pk)
    if not request.user.has_perm("petitions.withdraw_petition", petition):
        raise PermissionDenied
    if request.POST.get("confirm") != "yes":
        messages.error(request, _("Tick the box to confirm the withdrawal."))
        return redirect(petition.get_absolute_url())
    try:
        services.withdraw_petition(request.user, petition, request.POST.get("reason", "")[:2000])
        messages.success(request, _("The petition is withdrawn."))
    except ParticipationError as error:
        messages.error(request, str(error))
    return redirect(petition.get_absolute_url())


@login_required
@require_GET
def my_petitions(request):
    user = request.user
    petitions = with_names(
        user.petitions.select_related("competence")
        .prefetch_related("arrondissements")
        .order_by("-updated_at"),
        _names(),
    )
    signed = (
        Signature.objects.filter(user=user).select_related("petition").order_by("-created_at")[:100]
    )
    return render(request, "petitions/mine.html", {"petitions": petitions, "signatures": signed})


@login_required
@require_GET
def filing_decision_document(request, pk):
    """The association's decision to petition: for its mandataire and staff only."""
    petition = get_object_or_404(Petition, pk=pk)
    if (
        not (
            request.user.pk == petition.mandataire_id
            or request.user.has_perm("participation.moderate_content")
            or request.user.has_perm("participation.answer_officially")
        )
        or not petition.filing_decision
    ):
        raise Http404
    return FileResponse(petition.filing_decision.open("rb"), as_attachment=True)


# --- Associations --------------------------------------------------------------------------------


@login_required
@require_GET
def my_organisations(request):
    organisations = request.user.organisations.select_related("arrondissement").order_by("name")
    for organisation in organisations:
        organisation.checked_conditions = organisation.conditions()
    return render(request, "petitions/organisations.html", {"organisations": organisations})


@login_required
@require_http_methods(["GET", "POST"])
def organisation_create(request):
    if not request.user.has_perm("participation.declare_identity"):
        raise PermissionDenied
    form = OrganisationForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        if refused := ratelimits.refusal(request, "organisation"):
            return refused
        services.register_organisation(request.user, form.save(commit=False))
        messages.success(
            request,
            _(
                "Your association is registered. The commune's staff will check its documents; "
                "you will be told when it is verified."
            ),
        )
        return redirect("organisations")
    return render(request, "petitions/organisation_form.html", {"form": form})


ORGANISATION_DOCUMENTS = ("statutes", "registration_receipt", "seat_proof")


@login_required
@require_GET
def organisation_document(request, pk, document):
    """An association's document: for its representatives and the staff who verify it."""
    organisation = get_object_or_404(Organisation, pk=pk)
    allowed = request.user.has_perm("petitions.verify_organisation") or (
        organisation.representatives.filter(pk=request.user.pk).exists()
    )
    if document not in ORGANISATION_DOCUMENTS or not allowed:
        raise Http404
    file = getattr(organisation, document)
    if not file:
        raise Http404
    return FileResponse(file.open("rb"), as_attachment=True)
