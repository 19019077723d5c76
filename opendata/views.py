"""The open-data API: read-only, versioned (/api/v1/), JSON, paginated and filterable, over the
public data of every feature; each dataset also downloads whole as CSV and JSON
(``/api/v1/<dataset>/export.csv``). Anonymous only (no session, no cookie), rate-limited per
address, and kept a short while in the cache. The open-data page lists the datasets.
"""

import json

from django import forms
from django.conf import settings
from django.db.models import Max, OuterRef, Subquery
from django.db.models.functions import Length, Substr
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import cache_page
from django.views.decorators.http import require_GET
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema
from rest_framework import viewsets
from rest_framework.pagination import PageNumberPagination
from rest_framework.throttling import AnonRateThrottle
from wagtail.models import Page

from consultations.models import ConsultationPage
from council.models import CouncilSession
from information.models import InformationRequest
from opendata import serializers
from participation.spreadsheets import csv_lines
from petitions.models import PUBLIC_STATUSES as PETITION_STATUSES
from petitions.models import Petition
from plan.models import ProjectPage
from proposals.models import PUBLIC_STATUSES as PROPOSAL_STATUSES
from proposals.models import Proposal

LICENCE = "ODbL-1.0"
LICENCE_URL = "https://opendatacommons.org/licenses/odbl/1-0/"
CACHE_SECONDS = 120


class YearFilter(filters.NumberFilter):
    """A year: a whole number, refused with a message otherwise."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1900)
        kwargs.setdefault("max_value", 2200)
        super().__init__(*args, **kwargs)


class Pages(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200


class PerAddress(AnonRateThrottle):
    """Every caller is anonymous to the API: the limit is per address."""

    scope = "api"


def _flat(value):
    """A nested value (a list of tags, a project's history) as one cell's text."""
    if isinstance(value, list | tuple):
        return "; ".join(str(_flat(item)) for item in value)
    if isinstance(value, dict):
        return "; ".join(f"{key}={_flat(item)}" for key, item in value.items())
    return value


@method_decorator(cache_page(CACHE_SECONDS), name="list")
@method_decorator(cache_page(CACHE_SECONDS), name="retrieve")
class Dataset(viewsets.ReadOnlyModelViewSet):
    """One dataset: its list (paginated, filterable), each item, and the whole as CSV or JSON.
    ``csv_fields`` are the columns of the CSV (the nested ones flattened)."""

    authentication_classes = []
    permission_classes = []
    throttle_classes = [PerAddress]
    pagination_class = Pages
    filter_backends = [filters.DjangoFilterBackend]
    dataset = ""  # its name in downloads (``name`` is the view's, set by DRF)
    csv_fields = ()
    queryset = None  # the model, for the schema (``public()`` gives the rows)
    # An id the database can hold: a longer one is not found, rather than overflowing.
    lookup_value_regex = "[0-9]{1,18}"

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema is being written
            return self.queryset
        return self.public()

    def public(self):
        raise NotImplementedError

    @extend_schema(exclude=True)
    def export(self, request, file_format):
        """The whole dataset, filtered as the list is (opendata/urls.py: ``export.csv``)."""
        rows = self.get_serializer(self.filter_queryset(self.get_queryset()), many=True).data
        if file_format == "json":
            body = json.dumps(
                {"licence": LICENCE, "dataset": self.dataset, "count": len(rows), "rows": rows},
                ensure_ascii=False,
                default=str,
            )
            response = HttpResponse(body, content_type="application/json; charset=utf-8")
        else:
            fields = self.csv_fields or (list(rows[0].keys()) if rows else [])
            table = [fields, *([_flat(row.get(name)) for name in fields] for row in rows)]
            response = StreamingHttpResponse(
                csv_lines(table), content_type="text/csv; charset=utf-8"
            )
        response["Content-Disposition"] = (
            f'attachment; filename="sharik-{self.dataset}.{file_format}"'
        )
        return response


class ProposalFilter(filters.FilterSet):
    category = filters.CharFilter(field_name="category__slug")
    arrondissement = filters.CharFilter(field_name="arrondissement__slug")
    status = filters.ChoiceFilter(
        choices=[(value, value) for value in sorted(PROPOSAL_STATUSES)], field_name="status"
    )

    class Meta:
        model = Proposal
        fields = ["category", "arrondissement", "status"]


class ProposalDataset(Dataset):
    """Residents' proposals published on the site, with their support counts."""

    dataset = "proposals"
    serializer_class = serializers.ProposalSerializer
    filterset_class = ProposalFilter

    queryset = Proposal.objects.none()

    def public(self):
        return (
            Proposal.objects.public()
            .select_related("category", "arrondissement")
            .prefetch_related("tags")
            .order_by("-published_at", "-pk")
        )


class PetitionFilter(filters.FilterSet):
    competence = filters.CharFilter(field_name="competence__slug")
    arrondissement = filters.CharFilter(field_name="arrondissements__slug", distinct=True)
    status = filters.ChoiceFilter(
        choices=[(value, value) for value in sorted(PETITION_STATUSES)], field_name="status"
    )

    class Meta:
        model = Petition
        fields = ["competence", "arrondissement", "status", "kind"]


class PetitionDataset(Dataset):
    """Petitions to the council: counts, statuses and the council's decisions."""

    dataset = "petitions"
    serializer_class = serializers.PetitionSerializer
    filterset_class = PetitionFilter

    queryset = Petition.objects.none()

    def public(self):
        return (
            Petition.objects.public()
            .select_related("competence", "organisation")
            .prefetch_related("arrondissements")
            .order_by("-published_at", "-pk")
        )


class ConsultationDataset(Dataset):
    """Published consultations and, once public, their aggregated results."""

    dataset = "consultations"
    serializer_class = serializers.ConsultationSerializer

    queryset = ConsultationPage.objects.none()

    def public(self):
        return (
            ConsultationPage.objects.live()
            .public()
            .filter(locale__language_code=settings.LANGUAGE_CODE)
            .select_related("tally")
            .order_by("-opens_at", "-pk")
        )


class ProjectFilter(filters.FilterSet):
    arrondissement = filters.CharFilter(field_name="arrondissements__slug", distinct=True)
    status = filters.CharFilter(field_name="progress__status")

    class Meta:
        model = ProjectPage
        fields = ["arrondissement", "status"]


class ProjectDataset(Dataset):
    """The action plan's projects: where each stands and its history of updates."""

    dataset = "plan-projects"
    serializer_class = serializers.ProjectSerializer
    filterset_class = ProjectFilter
    csv_fields = (
        "id", "title", "axis", "arrondissements", "status", "progress_percent", "budget_planned",
        "budget_committed", "budget_spent", "funding_partners", "department", "starts_on",
        "ends_on", "latitude", "longitude", "url",
    )  # fmt: skip

    queryset = ProjectPage.objects.none()

    def public(self):
        parent = Page.objects.filter(
            path=Substr(OuterRef("path"), 1, Length(OuterRef("path")) - Page.steplen)
        )
        return (
            ProjectPage.objects.live()
            .public()
            .filter(locale__language_code=settings.LANGUAGE_CODE)
            .annotate(axis_title=Subquery(parent.values("title")[:1]))
            .select_related("progress", "responsible_department")
            .prefetch_related("arrondissements", "updates")
            .order_by("path")
        )


class SessionFilter(filters.FilterSet):
    year = YearFilter(field_name="starts_at__year")

    class Meta:
        model = CouncilSession
        fields = ["kind", "year"]


class SessionDataset(Dataset):
    """The council's sessions, their agendas and the deliberations on each item."""

    dataset = "council-sessions"
    serializer_class = serializers.SessionSerializer
    filterset_class = SessionFilter
    csv_fields = ("id", "kind", "title", "starts_at", "place", "agenda_published_at", "url")

    queryset = CouncilSession.objects.none()

    def public(self):
        return CouncilSession.objects.public().prefetch_related("items").order_by("-starts_at")


class InformationFilter(filters.FilterSet):
    department = filters.CharFilter(field_name="department__slug")
    year = YearFilter(field_name="received_on__year")

    class Meta:
        model = InformationRequest
        fields = ["department", "year"]


class InformationDataset(Dataset):
    """Answered information requests their requesters agreed to publish (law 31-13)."""

    dataset = "information-requests"
    serializer_class = serializers.InformationRequestSerializer
    filterset_class = InformationFilter

    queryset = InformationRequest.objects.none()

    def public(self):
        return (
            InformationRequest.objects.published()
            .select_related("department")
            .prefetch_related("documents")
            .order_by("-answered_on", "-pk")
        )


DATASETS = [
    (
        "proposals",
        ProposalDataset,
        _("Citizen proposals"),
        _("Residents' proposals published on the site, with their status and support counts."),
    ),
    (
        "petitions",
        PetitionDataset,
        _("Petitions to the council"),
        _("Petitions: signature counts, statuses, filing and the council's decisions."),
    ),
    (
        "consultations",
        ConsultationDataset,
        _("Consultations and their results"),
        _("Published consultations and, once public, their aggregated results."),
    ),
    (
        "plan-projects",
        ProjectDataset,
        _("Projects of the action plan"),
        _("Each project of the action plan: budget, progress, status and history of updates."),
    ),
    (
        "council-sessions",
        SessionDataset,
        _("Council sessions and deliberations"),
        _("The council's sessions, their agendas and the decision and vote on each item."),
    ),
    (
        "information-requests",
        InformationDataset,
        _("Answered information requests"),
        _("Requests under law 31-13 answered and published with their requesters' agreement."),
    ),
]

# The date each dataset last changed, for the open-data page.
_UPDATED = {
    "proposals": lambda: Proposal.objects.public().aggregate(at=Max("updated_at"))["at"],
    "petitions": lambda: Petition.objects.public().aggregate(at=Max("updated_at"))["at"],
    "consultations": lambda: ConsultationPage.objects.live().aggregate(at=Max("last_published_at"))[
        "at"
    ],
    "plan-projects": lambda: ProjectPage.objects.live().aggregate(at=Max("last_published_at"))[
        "at"
    ],
    "council-sessions": lambda: CouncilSession.objects.public().aggregate(at=Max("updated_at"))[
        "at"
    ],
    "information-requests": lambda: InformationRequest.objects.published().aggregate(
        at=Max("updated_at")
    )["at"],
}


@require_GET
def open_data_page(request):
    """Every dataset with its description, its downloads, its licence and when it changed."""
    datasets = [
        {
            "slug": slug,
            "title": title,
            "description": description,
            "updated": _UPDATED[slug](),
            "api": f"/api/v1/{slug}/",
            "csv": f"/api/v1/{slug}/export.csv",
            "json": f"/api/v1/{slug}/export.json",
        }
        for slug, _viewset, title, description in DATASETS
    ]
    return render(
        request,
        "opendata/open_data.html",
        {"datasets": datasets, "licence_url": LICENCE_URL},
    )
