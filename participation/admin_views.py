"""Moderation in the staff admin (Wagtail): the reports queue and the decision on a report."""

from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from participation import services
from participation.forms import ResolveReportsForm
from participation.models import Report, ReportStatus


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
