"""Petitions in the staff admin: the queue (pre-review, bureau, council), competences and
associations."""

from django.db.models import Q
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.model import ModelViewSetGroup
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from cms.models import HOME_PAGE_SECTIONS_HOOK, HomeSection
from participation.admin_review import ReviewColumn, ReviewQueueViewSet
from petitions.admin_views import ReviewOrganisationView, ReviewPetitionView, download_dossier
from petitions.models import (
    CouncilCompetence,
    Organisation,
    Petition,
    PetitionKind,
    PetitionStatus,
)


class CouncilCompetenceViewSet(SnippetViewSet):
    model = CouncilCompetence
    icon = "tag"
    menu_label = _("Council competences")
    list_display = ["name", "slug", "locale"]
    ordering = ["sort_order", "name"]


register_snippet(CouncilCompetenceViewSet)


class NoticeDeadlineColumn(Column):
    """For a filed petition: the last day to notify an inadmissibility (law.py), overdue in red."""

    def get_value(self, instance):
        if instance.status != PetitionStatus.FILED or instance.notice_deadline is None:
            return ""
        deadline = instance.notice_deadline
        days = (deadline - timezone.localdate()).days
        text = date_format(deadline, "DATE_FORMAT")
        if days < 0:
            return format_html(
                '<strong class="w-text-critical-200">{} — {}</strong>', text, _("overdue")
            )
        return format_html("{} ({})", text, _("%(days)s days left") % {"days": days})


class PetitionViewSet(ReviewQueueViewSet):
    model = Petition
    icon = "doc-full"
    menu_label = _("Petitions")
    url_prefix = "petitions"
    name = "petitions_petition"
    list_filter = ["status", "kind"]
    list_display = [
        "title",
        "status",
        "kind",
        "signature_count",
        "receipt_number",
        NoticeDeadlineColumn("notice_deadline", label=_("Notify inadmissibility by")),
        ReviewColumn("open", "petitions_petition:review", label=""),
    ]
    search_fields = ["title", "question", "receipt_number"]
    ordering = ["-updated_at"]
    inspect_view_enabled = False
    # Staff change petitions only through "Open" (the state machine).
    form_fields = ["title"]
    review_view = ReviewPetitionView

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path(
                "dossier/<int:pk>.<str:file_format>",
                download_dossier,
                name="dossier",
            ),
        ]


class OrganisationViewSet(ReviewQueueViewSet):
    model = Organisation
    icon = "group"
    menu_label = _("Associations")
    url_prefix = "organisations"
    name = "petitions_organisation"
    list_filter = ["status"]
    list_display = [
        "name",
        "status",
        "created_on",
        "created_at",
        ReviewColumn("open", "petitions_organisation:review", label=""),
    ]
    search_fields = ["name", "registration_reference"]
    ordering = ["status", "-created_at"]
    form_fields = ["name"]
    review_view = ReviewOrganisationView


class PetitionsGroup(ModelViewSetGroup):
    menu_label = _("Petitions")
    menu_icon = "doc-full"
    menu_order = 210
    items = (PetitionViewSet, OrganisationViewSet)


@hooks.register("register_admin_viewset")
def register_petition_viewsets():
    return PetitionsGroup()


def collecting_petitions(request, limit):
    """Residents' petitions still collecting signatures, the most signed first, with their
    progress towards the threshold: one query whatever their number. Left out when none is."""
    today = timezone.localdate()
    petitions = list(
        Petition.objects.public()
        .filter(status=PetitionStatus.COLLECTING, kind=PetitionKind.RESIDENTS)
        .filter(Q(collection_ends_on__isnull=True) | Q(collection_ends_on__gte=today))
        .order_by("-signature_count", "collection_ends_on", "-pk")[:limit]
    )
    if not petitions:
        return {"empty": True}
    return {
        "collecting_petitions": petitions,
        "more_url": reverse("petitions:list"),
        "more_label": _("All petitions"),
    }


@hooks.register(HOME_PAGE_SECTIONS_HOOK)
def petition_home_sections():
    return {
        "petitions_collecting": HomeSection(
            context=collecting_petitions, template="petitions/_home_section.html"
        )
    }
