"""Proposal pages: browse (list, map, feeds, open data), read, submit, support, update."""

import json
from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.contrib.syndication.views import Feed
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import Http404, HttpResponseRedirect, JsonResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from participation import pagecache, ratelimits
from participation.listing import Filter, Listing, Sort
from participation.maps import map_settings
from participation.models import Arrondissement
from participation.pagecache import remembered_fields
from participation.services import ParticipationError
from participation.spreadsheets import csv_lines
from proposals import services
from proposals.forms import ProposalForm, ProposalUpdateForm
from proposals.models import (
    PUBLIC_STATUSES,
    Proposal,
    ProposalCategory,
    ProposalStatus,
    plan_projects,
    term_names,
    with_term_names,
)


def with_recent_supports(proposals):
    """Supports of the last seven days, which "trending" sorts by."""
    week_ago = timezone.now() - timedelta(days=7)
    return proposals.annotate(
        recent_supports=Count("supports", filter=Q(supports__created_at__gte=week_ago))
    )


LISTING = Listing(
    filters=[
        Filter("category", "category__slug", label=gettext_lazy("Category")),
        Filter("arrondissement", "arrondissement__slug", label=gettext_lazy("Arrondissement")),
        Filter("tag", "tags__slug"),
        Filter("status", "status", values=PUBLIC_STATUSES, label=gettext_lazy("Status")),
    ],
    sorts={
        "supported": Sort(
            gettext_lazy("Most supported"), ("-support_count", "-published_at", "-pk")
        ),
        "newest": Sort(gettext_lazy("Newest"), ("-published_at", "-pk")),
        "discussed": Sort(
            gettext_lazy("Most discussed"), ("-comment_count", "-published_at", "-pk")
        ),
        "trending": Sort(
            gettext_lazy("Trending this week"),
            ("-recent_supports", "-support_count", "-pk"),
            prepare=with_recent_supports,
        ),
    },
    default_sort="supported",
    # The title weighs more than the description.
    search_fields=[("title", "A"), ("body", "B")],
)


def filtered_proposals(request):
    """The public list with the filters and sort of the query string (shareable URLs)."""
    proposals = Proposal.objects.public().select_related("category", "arrondissement", "author")
    return LISTING.apply(proposals, request.GET)


@require_GET
@pagecache.shared_with_residents
def proposal_list(request):
    proposals, filters, sort = filtered_proposals(request)
    page = LISTING.page(proposals.prefetch_related("tags"), request.GET)
    names = term_names()
    with_term_names(page, names)
    options = {
        "category": ProposalCategory.objects.slug_choices(names["categories"]),
        "arrondissement": Arrondissement.objects.slug_choices(names["arrondissements"]),
        "status": [
            (s, ProposalStatus(s).label) for s in ProposalStatus.values if s in PUBLIC_STATUSES
        ],
    }
    return render(
        request,
        "proposals/list.html",
        {
            **LISTING.context(request.GET, page, filters, sort, options),
            "threshold": settings.SHARIK_PROPOSAL_SUPPORT_THRESHOLD,
        },
    )


@require_GET
@pagecache.shared_with_residents
def proposal_map(request):
    proposals, filters, _sort = filtered_proposals(request)
    located = proposals.filter(latitude__isnull=False, longitude__isnull=False)[:2000]
    points = [
        {
            "title": p.title,
            "url": p.get_absolute_url(),
            "lat": float(p.latitude),
            "lng": float(p.longitude),
            "supports": p.support_count,
            "status": p.get_status_display(),
        }
        for p in located
    ]
    return render(
        request, "proposals/map.html", {"points": points, "filters": filters, "map": map_settings()}
    )


def _proposal_for(request, pk):
    proposal = get_object_or_404(
        Proposal.objects.select_related(
            "category", "arrondissement", "author", "merged_into", "plan_project", "at_counter"
        ),
        pk=pk,
    )
    if not request.user.has_perm("proposals.read_proposal", proposal):
        raise Http404
    return proposal


# What supporting reads of a proposal: its status and author (the rules) and its id.
SUPPORTING_FIELDS = {"id", "status", "author_id"}


def _proposal_to_support(request, pk):
    """The fields supporting reads of a proposal, remembered per generation of public content
    (a popular proposal is supported many times between two changes; reading it whole, with its
    six related rows, was half of a support's time): as petitions' ``_petition_to_sign``."""
    proposal = remembered_fields(Proposal, pk, SUPPORTING_FIELDS)
    if proposal is None or not request.user.has_perm("proposals.read_proposal", proposal):
        raise Http404
    return proposal


@require_GET
def proposal_detail(request, pk):
    proposal = _proposal_for(request, pk)
    if proposal.is_public:
        # The same page for every resident but the author (their links, the whole timeline);
        # what is the reader's own is a personal part (proposals/parts.py).
        pagecache.share_with_residents(request, not_for={proposal.author_id})
    names = term_names()
    with_term_names([proposal], names)
    events = proposal.timeline_for(request.user).select_related("actor")
    related = with_term_names(
        list(
            Proposal.objects.public()
            .exclude(pk=proposal.pk)
            .filter(Q(category=proposal.category) | Q(arrondissement=proposal.arrondissement))
            .select_related("category", "arrondissement", "author")
            .order_by("-support_count", "-pk")[:4]
        ),
        names,
    )
    return render(
        request,
        "proposals/detail.html",
        {
            "proposal": proposal,
            "events": events,
            "related": related,
            "can_support": request.user.has_perm("proposals.support_proposal", proposal),
            "can_edit": request.user.has_perm("proposals.edit_proposal", proposal),
            "can_report": request.user.has_perm("participation.report_host", proposal),
            "can_add_update": request.user.has_perm("proposals.add_update", proposal),
            "threshold": settings.SHARIK_PROPOSAL_SUPPORT_THRESHOLD,
            "update_form": ProposalUpdateForm(),
            "map": map_settings(),
            "tags": list(proposal.tags.all()),
            "submitted_at_counter": submitted_at_counter(proposal, names["arrondissements"]),
        },
    )


def submitted_at_counter(proposal, arrondissement_names):
    """Where a counter agent typed the proposal for its author ("Submitted at the Tabriquet
    counter"), or None for one submitted online."""
    counter = proposal.at_counter
    if counter is None:
        return None
    return _("Submitted at the %(counter)s counter") % {
        "counter": arrondissement_names.get(counter.translation_key, counter.name)
    }


def popular_tags(limit=15):
    """The vocabulary residents already use, offered while tagging (one shared vocabulary)."""
    from taggit.models import Tag

    return list(
        Tag.objects.filter(taggit_taggeditem_items__content_type__model="proposal")
        .annotate(uses=Count("taggit_taggeditem_items"))
        .order_by("-uses", "name")
        .values_list("name", flat=True)[:limit]
    )


def _save_proposal(request, form):
    """Save a draft or submit, according to the button pressed."""
    proposal = form.save(commit=False)
    if proposal.author_id is None:
        proposal.author = request.user
    proposal.save()
    form.save_m2m()
    if request.POST.get("action") == "draft" and proposal.status == ProposalStatus.DRAFT:
        messages.success(
            request, _("Your draft is saved. You can come back to it from “My proposals”.")
        )
        return redirect("proposals:edit", proposal.pk)
    if proposal.status in {ProposalStatus.DRAFT, ProposalStatus.RETURNED}:
        services.submit(proposal)
        if proposal.status == ProposalStatus.PENDING:
            messages.success(
                request,
                _("Thank you! Your proposal will be published once a moderator has read it."),
            )
        else:
            messages.success(request, _("Thank you! Your proposal is published."))
    else:
        messages.success(request, _("Your proposal has been updated."))
    return redirect(proposal.get_absolute_url())


@login_required
@require_http_methods(["GET", "POST"])
def proposal_create(request):
    if not request.user.has_perm("proposals.submit_proposal"):
        raise PermissionDenied
    initial = {"arrondissement": request.user.arrondissement_id, **_suggested_for(request)}
    form = ProposalForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        if refused := ratelimits.refusal(request, "proposal"):
            return refused
        return _save_proposal(request, form)
    return render(
        request,
        "proposals/form.html",
        {
            "form": form,
            "map": map_settings(),
            "tag_suggestions": popular_tags(),
            "plan_project": _linked_project(form),
        },
    )


def _suggested_for(request):
    """Initial values when a resident suggests an idea from a project or an axis of the action
    plan (``?project=<page id>`` or ``?category=<slug>``)."""
    initial = {}
    category = ProposalCategory.objects.canonical().filter(slug=request.GET.get("category", ""))
    if request.GET.get("category") and category.exists():
        initial["category"] = category.first().pk
    try:
        project_id = int(request.GET.get("project", ""))
    except ValueError:
        return initial
    project = plan_projects().filter(pk=project_id).first()
    if project is not None:
        initial["plan_project"] = project.original.pk
        # Ideas for a project are filed under its axis's category, when the axis names one.
        category_id = getattr(project.get_parent().specific, "proposal_category_id", None)
        if category_id:
            initial["category"] = category_id
    return initial


def _linked_project(form):
    """The plan project the proposal will be linked to, in the reader's language."""
    value = form["plan_project"].value()
    try:
        project = plan_projects().filter(pk=int(value)).first() if value else None
    except (TypeError, ValueError):
        return None
    return project.in_language() if project is not None else None


@login_required
@require_http_methods(["GET", "POST"])
def proposal_edit(request, pk):
    proposal = _proposal_for(request, pk)
    if not request.user.has_perm("proposals.edit_proposal", proposal):
        raise PermissionDenied
    form = ProposalForm(request.POST or None, request.FILES or None, instance=proposal)
    if request.method == "POST" and form.is_valid():
        if refused := ratelimits.refusal(request, "proposal"):
            return refused
        return _save_proposal(request, form)
    return render(
        request, "proposals/form.html", {"form": form, "proposal": proposal, "map": map_settings()}
    )


@require_POST
def proposal_support(request, pk):
    proposal = _proposal_to_support(request, pk)
    if not request.user.is_authenticated:
        return redirect_to_login(proposal.get_absolute_url())
    if refused := ratelimits.refusal(request, "support"):
        return refused
    if request.POST.get("action") == "withdraw":
        if services.withdraw_support(request.user, proposal):
            messages.success(request, _("Your support is withdrawn."))
        return HttpResponseRedirect(proposal.get_absolute_url())
    if not request.user.has_perm("proposals.support_proposal", proposal):
        raise PermissionDenied
    if services.support(request.user, proposal):
        messages.success(request, _("Thank you for your support! You now follow this proposal."))
    # An address, not a view's name: redirect() would try it as one first.
    return HttpResponseRedirect(f"{proposal.get_absolute_url()}#support")


@login_required
@require_POST
def proposal_add_update(request, pk):
    proposal = _proposal_for(request, pk)
    if not request.user.has_perm("proposals.add_update", proposal):
        raise PermissionDenied
    form = ProposalUpdateForm(request.POST)
    if form.is_valid() and ratelimits.allow(request, "proposal"):
        try:
            services.add_update(request.user, proposal, form.cleaned_data["text"])
            messages.success(request, _("Your update is published on the timeline."))
        except ParticipationError as error:
            messages.error(request, str(error))
    else:
        messages.error(request, _("Write the update."))
    return redirect(f"{proposal.get_absolute_url()}#timeline")


@login_required
@require_GET
def my_proposals(request):
    proposals = with_term_names(
        request.user.proposals.select_related("category", "arrondissement", "author").order_by(
            "-updated_at"
        ),
        term_names(),
    )
    return render(request, "proposals/mine.html", {"proposals": proposals})


@require_GET
def similar_proposals(request):
    """Proposals whose title resembles what is being typed, to avoid duplicates."""
    title = request.GET.get("title", "").strip()
    if len(title) < 4:
        return JsonResponse({"results": []})
    words = [w for w in title.split() if len(w) >= 3][:6]
    condition = Q()
    for word in words:
        condition |= Q(title__icontains=word)
    if not words:
        return JsonResponse({"results": []})
    matches = Proposal.objects.public().filter(condition).order_by("-support_count", "-pk")[:5]
    return JsonResponse(
        {
            "results": [
                {"title": p.title, "url": p.get_absolute_url(), "supports": p.support_count}
                for p in matches
            ]
        }
    )


# --- Open data and feeds ----------------------------------------------------------------------

OPEN_DATA_FIELDS = [
    "id",
    "title",
    "description",
    "category",
    "arrondissement",
    "tags",
    "status",
    "supports",
    "comments",
    "latitude",
    "longitude",
    "published_at",
    "url",
]


def _open_data_rows(request):
    """Proposals without personal data: no author, no supporter."""
    names = term_names()
    proposals = (
        Proposal.objects.public()
        .select_related("category", "arrondissement")
        .prefetch_related("tags")
        .order_by("pk")
    )
    for proposal in proposals.iterator(chunk_size=500):
        yield {
            "id": proposal.pk,
            "title": proposal.title,
            "description": proposal.body,
            "category": names["categories"].get(proposal.category.translation_key),
            "arrondissement": names["arrondissements"].get(proposal.arrondissement.translation_key),
            "tags": ", ".join(tag.name for tag in proposal.tags.all()),
            "status": proposal.status,
            "supports": proposal.support_count,
            "comments": proposal.comment_count,
            "latitude": float(proposal.latitude) if proposal.latitude is not None else None,
            "longitude": float(proposal.longitude) if proposal.longitude is not None else None,
            "published_at": proposal.published_at.isoformat() if proposal.published_at else None,
            "url": request.build_absolute_uri(proposal.get_absolute_url()),
        }


@require_GET
def open_data_csv(request):
    def rows():
        yield OPEN_DATA_FIELDS
        for row in _open_data_rows(request):
            yield [row[name] for name in OPEN_DATA_FIELDS]

    response = StreamingHttpResponse(csv_lines(rows()), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="sharik-proposals.csv"'
    return response


@require_GET
def open_data_json(request):
    def chunks():
        yield '{"licence": "ODbL-1.0", "proposals": ['
        for number, row in enumerate(_open_data_rows(request)):
            yield ("," if number else "") + json.dumps(row, ensure_ascii=False)
        yield "]}"

    return StreamingHttpResponse(chunks(), content_type="application/json; charset=utf-8")


class LatestProposalsFeed(Feed):
    title = gettext_lazy("Sharik — latest proposals")
    description = gettext_lazy("Proposals residents published on Sharik.")

    def link(self):
        return reverse("proposals:list")

    def items(self):
        return Proposal.objects.public().order_by("-published_at", "-pk")[:30]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.body[:500]

    def item_pubdate(self, item):
        return item.published_at


class LatestProposalsAtomFeed(LatestProposalsFeed):
    feed_type = Atom1Feed
    subtitle = LatestProposalsFeed.description
