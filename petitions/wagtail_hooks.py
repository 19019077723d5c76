"""Petitions in the staff admin: the queue (pre-review, bureau, council), competences and
associations."""

from django.db.models import Q
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail import hooks
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.model import ModelViewSetGroup
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from cms.models import HOME_PAGE_SECTIONS_HOOK, HomeSection
from participation.account_deletion import ACCOUNT_DELETION_HOOK
from participation.admin_review import ReviewColumn, ReviewQueueViewSet
from participation.figures import PARTICIPATION_SERIES_HOOK
from participation.workspace import QueueItem, QueuePanel
from petitions import figures, retention
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
        if days < 0:
            return format_html(
                '<strong class="w-text-critical-200">{}</strong>', deadline_words(deadline)
            )
        return deadline_words(deadline)


def deadline_words(deadline):
    """The last day to notify an inadmissibility, and the days left or "overdue"."""
    days = (deadline - timezone.localdate()).days
    text = date_format(deadline, "DATE_FORMAT")
    if days < 0:
        overdue = _("overdue")
        return f"{text} — {overdue}"
    # Outside the f-string: makemessages does not read gettext calls inside one.
    left = ngettext("%(days)s day left", "%(days)s days left", days) % {"days": days}
    return f"{text} ({left})"


class PetitionViewSet(ReviewQueueViewSet):
    model = Petition
    icon = "doc-full"
    menu_label = _("All petitions")  # under the "Petitions" menu, beside the associations
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


@hooks.register("construct_homepage_panels")
def petitions_to_review(request, panels):
    """On a moderator's dashboard, the petitions awaiting their pre-review; on an official's,
    the filed petitions awaiting the bureau's admissibility decision, nearest deadline first."""
    index = reverse("petitions_petition:index")
    if request.user.has_perm("petitions.review_petition"):
        status = PetitionStatus.PENDING
        panels.append(
            QueuePanel(
                "petitions",
                _("Petitions awaiting pre-review"),
                Petition.objects.filter(status=status),
                f"{index}?status={status}",
                order=120,
            )
        )
    if request.user.has_perm("participation.answer_officially"):
        filed = Petition.objects.filter(status=PetitionStatus.FILED)
        panels.append(
            QueuePanel(
                "admissibility",
                _("Filed petitions awaiting the admissibility decision"),
                filed,
                f"{index}?status={PetitionStatus.FILED}",
                items=lambda: admissibility_deadlines(filed),
                order=130,
            )
        )


def admissibility_deadlines(filed, limit=5):
    """The first filed petitions to decide (the deadline follows the filing date): one query."""
    today = timezone.localdate()
    return [
        QueueItem(
            title=petition.title,
            url=reverse("petitions_petition:review", args=[petition.pk]),
            deadline=deadline_words(petition.notice_deadline),
            overdue=petition.notice_deadline < today,
        )
        for petition in filed.order_by("filed_at", "pk")[:limit]
    ]


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


# What it counts in the participation figures (participation/figures.py).
hooks.register(PARTICIPATION_SERIES_HOOK, figures.participation_series)

# What deleting an account does to its signatures, and the law's retention of those on filed
# petitions (petitions/retention.py).
hooks.register(ACCOUNT_DELETION_HOOK, retention.account_deletion_policies)
