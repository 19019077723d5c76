"""Moderation in the staff admin (Wagtail): the reports queue, the decision on a report, and the
decision on many at once (the bulk actions)."""

from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.generic import FormView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from participation import services
from participation.bulk_moderation import ModerationBulkAction
from participation.forms import ResolveReportsForm
from participation.models import Comment, Report, ReportStatus


class ResolveReportsView(WagtailAdminTemplateMixin, FormView):
    """Decide on everything reported about one object: hide, keep, or warn its author."""

    template_name = "participation/admin/resolve_reports.html"
    form_class = ResolveReportsForm
    page_title = gettext_lazy("Decide on a report")
    header_icon = "warning"

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("participation_report:index"), "label": _("Reports")},
            {"url": "", "label": self.page_title},
        ]

    def dispatch(self, request, pk):
        if not request.user.has_perm("participation.moderate_content"):
            raise PermissionDenied
        self.report = get_object_or_404(Report.objects.select_related("content_type"), pk=pk)
        self.target = self.report.host
        return super().dispatch(request, pk)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        content_type = ContentType.objects.get_for_id(self.report.content_type_id)
        context["report"] = self.report
        context["target"] = self.target
        context["open_reports"] = Report.objects.filter(
            content_type=content_type, object_id=self.report.object_id, status=ReportStatus.OPEN
        ).select_related("reporter")
        return context

    def form_valid(self, form):
        if self.target is None:
            messages.error(self.request, _("The reported content no longer exists."))
        else:
            resolved = services.resolve_reports(
                self.request.user,
                self.target,
                form.cleaned_data["decision"],
                form.cleaned_data["note"],
            )
            messages.success(
                self.request,
                _("Decision recorded; %(count)d reporter(s) notified.") % {"count": len(resolved)},
            )
        return redirect(reverse("participation_report:index"))


class ReportBulkAction(ModerationBulkAction):
    """Open reports decided together (participation/bulk_moderation.py): each reported item
    once, whatever the number of its reports, through ``services.resolve_reports`` as one by
    one (every reporter told, the decision in the audit log)."""

    models = [Report]
    permission = "participation.decide_report"
    waiting = {"status": ReportStatus.OPEN}
    decision = None

    def get_queryset(self, model, object_ids):
        once_per_content = {}
        for report in super().get_queryset(model, object_ids):
            once_per_content.setdefault((report.content_type_id, report.object_id), report)
        return list(once_per_content.values())

    def is_waiting(self, item):
        return item.status == ReportStatus.OPEN

    def describe(self, item):
        target = item.host
        if isinstance(target, Comment):
            return f"{target.author.public_name}: {Truncator(target.body).chars(80)}"
        return str(target) if target is not None else _("(deleted)")

    def decide(self, item, reason):
        services.resolve_reports(self.request.user, item.host, self.decision, reason)


class KeepReportedContentBulkAction(ReportBulkAction):
    display_name = gettext_lazy("Keep the content")
    action_type = "keep"
    aria_label = gettext_lazy("Keep the reported content of the selected reports")
    confirm_label = gettext_lazy("Yes, keep it")
    decision = ReportStatus.KEPT

    def done_message(self, count):
        return ngettext(
            "Kept: %(count)d reported item; its reporters are told.",
            "Kept: %(count)d reported items; their reporters are told.",
            count,
        ) % {"count": count}


class HideReportedContentBulkAction(ReportBulkAction):
    display_name = gettext_lazy("Hide with a reason")
    action_type = "hide"
    aria_label = gettext_lazy("Hide the reported content of the selected reports, with a reason")
    confirm_label = gettext_lazy("Yes, hide it with this reason")
    confirm_class = "serious"
    needs_reason = True
    decision = ReportStatus.HIDDEN
    action_priority = 20

    def done_message(self, count):
        return ngettext(
            "Hidden: %(count)d reported item; its author and reporters are told.",
            "Hidden: %(count)d reported items; their authors and reporters are told.",
            count,
        ) % {"count": count}
