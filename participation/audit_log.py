"""The audit log viewer in the staff admin: every staff action, who did it, when, on what and why.

Read-only by construction: the model refuses changes (``AuditLogEntry``), the viewer offers no
add, edit or delete view, and its permission policy grants nothing but "view" — not even to
administrators. Entries are written by ``participation.services.audit()`` from the features'
services; each action code (``petition.decided``) has a label in ``ACTION_LABELS`` (a test parses
every ``audit()`` call of the code base and checks it has one), its prefix a kind in
``KIND_LABELS``. The export is the filtered list as CSV, and is itself an entry
(``audit_log.exported``, with the filters).
"""

import json

import django_filters
from django.contrib.admin.utils import unquote
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.contrib.contenttypes.prefetch import GenericPrefetch
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.text import Truncator, capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.admin_url_finder import AdminURLFinder
from wagtail.admin.filters import ContentTypeFilter, DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.generic import IndexView, InspectView
from wagtail.admin.widgets.button import HeaderButton
from wagtail.models import Page
from wagtail.permission_policies import ModelPermissionPolicy

from participation.counter_acts import counter_acts
from participation.models import AuditLogEntry, Comment
from participation.services import audit
from participation.spreadsheets import csv_lines

# --- What each action says --------------------------------------------------------------------

#: The kind of an action: the part of its code before the dot.
KIND_LABELS = {
    "comment": _("Comments"),
    "report": _("Abuse reports"),
    "proposal": _("Proposals"),
    "petition": _("Petitions"),
    "organisation": _("Associations"),
    "consultation": _("Consultations"),
    "plan": _("Action plan"),
    "event": _("Events"),
    "council": _("Council sessions"),
    "information": _("Information requests"),
    "invest": _("Investors' messages"),
    "budget_project": _("Participatory budget projects"),
    "budget_ballot": _("Participatory budget ballots"),
    "counter": _("Counters"),
    "data_export": _("Residents' copies of their data"),
    "account": _("Deleted accounts"),
    "announcement": _("Announcements"),
    "figures": _("Participation figures"),
    "audit_log": _("Audit log"),
    "user": _("Staff roles"),
}

#: Every action code written by a service, in words (tests/participation/test_audit_log_actions.py
#: fails when an ``audit()`` call writes a code missing here). The counters' acts registered by
#: the features are added by ``action_labels()``.
ACTION_LABELS = {
    "comment.hide": _("Comment hidden"),
    "report.hidden": _("Reported content hidden"),
    "report.kept": _("Reported content kept"),
    "report.warned": _("Author of reported content warned"),
    "proposal.publish": _("Proposal published"),
    "proposal.return": _("Proposal returned to its author"),
    "proposal.under_study": _("Proposal put under study"),
    "proposal.accepted": _("Proposal accepted"),
    "proposal.merged": _("Proposal merged into another"),
    "proposal.rejected": _("Proposal not retained"),
    "proposal.implemented": _("Proposal marked implemented"),
    "petition.publish": _("Petition published"),
    "petition.return": _("Petition returned to its representative"),
    "petition.file": _("Petition filed with the council"),
    "petition.admissible": _("Petition declared admissible"),
    "petition.inadmissible": _("Petition declared inadmissible"),
    "petition.decided": _("Council's decision on a petition recorded"),
    "petition.dossier_download": _("Petition dossier downloaded"),
    "organisation.verified": _("Association verified"),
    "organisation.rejected": _("Association not verified"),
    "consultation.publish_quote": _("Questionnaire answer quoted publicly"),
    "consultation.withdraw_quote": _("Public quote of an answer withdrawn"),
    "consultation.export_responses": _("Questionnaire responses exported"),
    "consultation.answers_read": _("Written questionnaire answers marked read"),
    "plan.post_update": _("Plan project update posted"),
    "event.attendance": _("Attendance at an event recorded"),
    "event.registrants_export": _("Event registrants exported"),
    "council.agenda_published": _("Council session agenda published"),
    "council.deliberation": _("Council deliberation announced"),
    "information.assign": _("Information request assigned to a department"),
    "information.clarification": _("Clarification asked of the requester"),
    "information.extend": _("Information request deadline extended"),
    "information.answered": _("Information request answered"),
    "information.partly_answered": _("Information request partly answered"),
    "information.refuse": _("Information request refused"),
    "information.redirect": _("Information request sent to another body"),
    "information.complaint_answer": _("Complaint about an information request answered"),
    "information.unpublish": _("Information answer withdrawn from publication"),
    "invest.message_opened": _("Investor's message opened"),
    "invest.message_answered": _("Investor's message answered"),
    "invest.message_closed": _("Investor's message closed"),
    "budget_project.from_proposal": _("Budget project made from a proposal"),
    "budget_project.feasible": _("Budget project found feasible"),
    "budget_project.unfeasible": _("Budget project found not feasible"),
    "budget_project.merge": _("Budget projects merged"),
    "budget_project.to_plan": _("Winning budget project added to the plan"),
    "budget_ballot.at_counter": _("Budget ballot cast at a counter"),
    "counter.file_opened": _("Resident's file opened at a counter"),
    "counter.account_created": _("Account created at a counter"),
    "counter.identity_seen": _("National ID card seen at a counter"),
    "counter.declaration_recorded": _("Identity declaration recorded at a counter"),
    "counter.petition_signed": _("Petition signed at a counter"),
    "counter.signature_refused": _("Signature refused at a counter"),
    "counter.login_code_issued": _("Log-in codes printed at a counter"),
    "data_export.requested": _("Copy of a resident's data requested"),
    "data_export.downloaded": _("Copy of a resident's data downloaded"),
    "account.deleted": _("Account deleted by its resident"),
    "figures.exported": _("Participation figures downloaded (CSV)"),
    "announcement.sent": _("Announcement sent to residents"),
    "announcement.resumed": _("Sending of an announcement resumed"),
    "audit_log.exported": _("Audit log exported"),
    "user.roles_changed": _("Roles of a member of staff changed"),
}


def action_labels():
    """Every known action code and its words: the table above, and for each counter act a
    feature registers, the act (``counter.<kind>``) and its refusal (``counter.<kind>_refused``)."""
    labels = dict(ACTION_LABELS)
    for kind, act in counter_acts().items():
        labels.setdefault(f"counter.{kind}", act.done_label)
        labels.setdefault(
            f"counter.{kind}_refused",
            _("Refused at a counter: %(act)s") % {"act": act.done_label},
        )
    return labels


def kind_of(action):
    return action.split(".", 1)[0]


def action_label(action, labels=None):
    """The action in words; an unknown code (an old entry, a new verb) shows as itself."""
    labels = action_labels() if labels is None else labels
    if action in labels:
        return str(labels[action])
    return action


def kind_choices(labels):
    """The "kind" filter: per kind, all its actions (``petition.``) then each action."""
    grouped = {}
    for action, label in labels.items():
        grouped.setdefault(kind_of(action), []).append((action, label))
    choices = []
    for kind, kind_label in KIND_LABELS.items():
        actions = sorted(grouped.pop(kind, []), key=lambda choice: str(choice[1]))
        choices.append(
            (kind_label, [(f"{kind}.", _("All: %(kind)s") % {"kind": kind_label}), *actions])
        )
    for kind, actions in grouped.items():  # a kind without a label yet
        choices.append((kind, [(f"{kind}.", kind), *actions]))
    return choices


# --- Who sees it --------------------------------------------------------------------------------


class AuditLogPermissionPolicy(ModelPermissionPolicy):
    """Only ever "view" (superusers and ``participation.view_auditlogentry``): no one, however
    privileged, gets add, change or delete, so no screen offers them."""

    def user_has_permission(self, user, action):
        return action == "view" and super().user_has_permission(user, action)

    def users_with_any_permission(self, actions):
        if "view" not in actions:
            return get_user_model().objects.none()
        return super().users_with_any_permission(["view"])


def may_view_audit_log(user):
    return AuditLogPermissionPolicy(AuditLogEntry).user_has_permission(user, "view")


# --- Filters --------------------------------------------------------------------------------


class ActorChoiceField(django_filters.fields.ModelChoiceField):
    def label_from_instance(self, obj):
        return str(obj)


class ActorFilter(django_filters.ModelChoiceFilter):
    field_class = ActorChoiceField


def _actors(request):
    return (
        get_user_model()
        .objects.filter(pk__in=AuditLogEntry.objects.values("actor"))
        .order_by("display_name", "email")
    )


def _content_types(request):
    return ContentType.objects.filter(pk__in=AuditLogEntry.objects.values("content_type"))


class AuditLogFilterSet(WagtailFilterSet):
    actor = ActorFilter(label=_("Person"), queryset=_actors)
    kind = django_filters.ChoiceFilter(label=_("Kind"), method="filter_kind", choices=[])
    created_at = django_filters.DateFromToRangeFilter(label=_("Date"), widget=DateRangePickerWidget)
    content_type = ContentTypeFilter(label=_("Type of object"), queryset=_content_types)
    object_id = django_filters.NumberFilter(label=_("Object number"), min_value=1)

    class Meta:
        model = AuditLogEntry
        fields = ["actor", "kind", "created_at", "content_type", "object_id"]

    def __init__(self, *args, labels=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["kind"].extra["choices"] = kind_choices(labels or action_labels())

    def filter_kind(self, queryset, name, value):
        if value.endswith("."):
            return queryset.filter(action__startswith=value)
        return queryset.filter(action=value)


def _day(moment):
    return timezone.localtime(moment).date().isoformat() if moment else ""


def filters_in_words(filterset):
    """The filters an export used, as plain values for its own audit entry."""
    if not filterset.is_valid():
        return {}
    used = {}
    for name, value in filterset.form.cleaned_data.items():
        if value in (None, "") or (isinstance(value, slice) and not (value.start or value.stop)):
            continue
        if isinstance(value, slice):
            used[name] = [_day(value.start), _day(value.stop)]
        elif isinstance(value, models.Model):
            used[name] = value.pk
        else:
            used[name] = value
    return used


SEARCH_FIELDS = ["action", "reason", "actor__display_name", "actor__email"]


def entries():
    """Entries with what a row shows, in a fixed number of queries: the actor and the type in
    the same query, the objects one query per type (a deleted object reads as missing); a
    comment names its author, read in the same query."""
    return AuditLogEntry.objects.select_related("actor", "content_type").prefetch_related(
        GenericPrefetch("host", [Comment.objects.select_related("author")])
    )


# --- What a row shows -----------------------------------------------------------------------


def object_in_words(entry):
    target = entry.host
    if isinstance(target, ContentType) and target.model_class() is AuditLogEntry:
        return str(KIND_LABELS["audit_log"])
    if isinstance(target, ContentType) and kind_of(entry.action) == "figures":
        return str(KIND_LABELS["figures"])
    model = entry.content_type.model_class()
    type_name = capfirst(model._meta.verbose_name) if model else entry.content_type.model
    if target is None:
        return gettext("%(type)s #%(id)s (deleted)") % {"type": type_name, "id": entry.object_id}
    return f"{type_name}: {Truncator(str(target)).chars(80)}"


class ObjectLinks:
    """Where an entry's object is seen: its admin page when the viewer may open one, else its
    public page. One finder per request, so permissions are read once."""

    def __init__(self, user):
        self.finder = AdminURLFinder(user)

    def url(self, entry):
        target = entry.host
        if target is None:
            return None
        if isinstance(target, ContentType) and kind_of(entry.action) == "figures":
            return reverse("participation_figures_admin")
        if isinstance(target, ContentType):
            return reverse("participation_audit_log:index")
        if isinstance(target, Page):
            return reverse("wagtailadmin_pages:edit", args=[target.pk])
        try:
            url = self.finder.get_edit_url(target)
        except NoReverseMatch:
            url = None
        if url:
            return url
        get_absolute_url = getattr(target, "get_absolute_url", None)
        if get_absolute_url is not None:
            try:
                return get_absolute_url()
            except NoReverseMatch:
                return None
        return None


def actor_in_words(entry):
    if entry.actor_id is None:
        return gettext("(account deleted)")
    return str(entry.actor)


class ActorColumn(Column):
    def get_value(self, instance):
        return actor_in_words(instance)


class ActionColumn(Column):
    def __init__(self, name, labels, **kwargs):
        super().__init__(name, **kwargs)
        self.labels = labels

    def get_value(self, instance):
        return action_label(instance.action, self.labels)

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["value"] = format_html(
            "{}<br><small><code>{}</code></small>", context["value"], instance.action
        )
        return context


class ObjectColumn(Column):
    def __init__(self, name, links, **kwargs):
        super().__init__(name, **kwargs)
        self.links = links

    def get_value(self, instance):
        text = object_in_words(instance)
        url = self.links.url(instance)
        if url:
            return format_html('<a href="{}">{}</a>', url, text)
        return text


class ReasonColumn(Column):
    def get_value(self, instance):
        # Reasons are typed in Arabic or French: each reads in its own direction.
        return format_html('<span dir="auto">{}</span>', Truncator(instance.reason).chars(160))


class InspectLinkColumn(Column):
    def get_value(self, instance):
        return format_html(
            '<a href="{}">{}</a>',
            reverse("participation_audit_log:inspect", args=[instance.pk]),
            _("Details"),
        )


# --- Views ------------------------------------------------------------------------------------


class AuditLogIndexView(IndexView):
    """The log, newest first, filtered by person, kind, date and object, or searched."""

    filterset_class = AuditLogFilterSet
    search_fields = SEARCH_FIELDS
    default_ordering = "-created_at"

    @property
    def labels(self):
        if not hasattr(self, "_labels"):
            self._labels = action_labels()
        return self._labels

    def get_filterset_kwargs(self):
        return {**super().get_filterset_kwargs(), "labels": self.labels}

    def get_base_queryset(self):
        return entries()

    def get_valid_orderings(self):
        return ["created_at", "-created_at"]

    def order_queryset(self, queryset):
        if self.ordering == "created_at":
            return queryset.order_by("created_at", "pk")
        return queryset.order_by("-created_at", "-pk")

    @property
    def columns(self):
        links = ObjectLinks(self.request.user)
        return [
            DateColumn("created_at", label=_("When"), sort_key="created_at"),
            ActorColumn("actor", label=_("Who")),
            ActionColumn("action", self.labels, label=_("What")),
            ObjectColumn("object", links, label=_("On what")),
            ReasonColumn("reason", label=_("Why")),
            InspectLinkColumn("details", label=""),
        ]

    @property
    def header_buttons(self):
        query = self.request.GET.urlencode()
        url = reverse("participation_audit_log:export") + (f"?{query}" if query else "")
        return [HeaderButton(_("Download as CSV"), url=url, icon_name="download")]


INSPECT_FIELDS = ["created_at", "actor", "action", "content_type", "reason", "data"]


class AuditLogInspectView(InspectView):
    """One entry: the action in words and as its code, the object linked, the data it kept."""

    def get_page_subtitle(self):
        return action_label(self.object.action)

    def get_field_label(self, field_name, field):
        if field_name == "content_type":
            return gettext("On what")
        return super().get_field_label(field_name, field)

    def get_object(self, queryset=None):
        return get_object_or_404(entries(), pk=unquote(str(self.pk)))

    def get_actor_display_value(self):
        return actor_in_words(self.object)

    def get_action_display_value(self):
        return format_html(
            "{} (<code>{}</code>)", action_label(self.object.action), self.object.action
        )

    def get_content_type_display_value(self):
        text = object_in_words(self.object)
        url = ObjectLinks(self.request.user).url(self.object)
        return format_html('<a href="{}">{}</a>', url, text) if url else text

    def get_reason_display_value(self):
        return (
            format_html('<p dir="auto">{}</p>', self.object.reason) if self.object.reason else "—"
        )

    def get_data_display_value(self):
        if not self.object.data:
            return "—"
        return format_html(
            '<pre dir="ltr">{}</pre>', json.dumps(self.object.data, ensure_ascii=False, indent=2)
        )


def export_rows(queryset, labels):
    yield [
        gettext("When"),
        gettext("Who"),
        gettext("Who (account number)"),
        gettext("What"),
        gettext("Action code"),
        gettext("Type of object"),
        gettext("Object number"),
        gettext("On what"),
        gettext("Why"),
        gettext("Details"),
    ]
    for entry in queryset.iterator(chunk_size=500):
        model = entry.content_type.model_class()
        yield [
            timezone.localtime(entry.created_at).isoformat(timespec="seconds"),
            actor_in_words(entry),
            entry.actor_id or "",
            action_label(entry.action, labels),
            entry.action,
            capfirst(model._meta.verbose_name) if model else entry.content_type.model,
            entry.object_id,
            object_in_words(entry),
            entry.reason,
            json.dumps(entry.data, ensure_ascii=False, sort_keys=True) if entry.data else "",
        ]


def _in_language(language, chunks):
    """Stream ``chunks`` with ``language`` active (the body is produced after the view returns)."""
    with translation.override(language):
        yield from chunks


def export(request):
    """The filtered entries as CSV, streamed; the export itself is an entry, with its filters."""
    if not may_view_audit_log(request.user):
        raise PermissionDenied
    labels = action_labels()
    filterset = AuditLogFilterSet(data=request.GET, request=request, labels=labels)
    queryset = entries().order_by("-created_at", "-pk")
    if filterset.is_valid():
        queryset = filterset.filter_queryset(queryset)
    search = request.GET.get("q", "").strip()
    if search:
        query = models.Q()
        for field in SEARCH_FIELDS:
            query |= models.Q(**{f"{field}__icontains": search})
        queryset = queryset.filter(query)
    used = filters_in_words(filterset)
    if search:
        used["q"] = search
    # Written before the first line leaves, so an export never goes unrecorded.
    recorded = audit(
        request.user,
        "audit_log.exported",
        ContentType.objects.get_for_model(AuditLogEntry),
        filters=used,
    )
    queryset = queryset.exclude(pk=recorded.pk)
    response = StreamingHttpResponse(
        _in_language(translation.get_language(), csv_lines(export_rows(queryset, labels))),
        content_type="text/csv; charset=utf-8",
    )
    day = date_format(timezone.localdate(), "Y-m-d")
    response["Content-Disposition"] = f'attachment; filename="audit-log-{day}.csv"'
    response["Cache-Control"] = "no-store"
    return response
