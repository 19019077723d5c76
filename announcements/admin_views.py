"""The staff's announcements in the admin: the list, writing a draft, the preview (each
language as the email, and the audience's size), sending (a confirmation, then once only) and
the progress of a sending."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from announcements import services
from announcements.audiences import audience_of, describe
from announcements.emails import Letters
from announcements.forms import LANGUAGE_NAMES, AnnouncementForm, ConfirmSendingForm
from announcements.models import Announcement, AnnouncementStatus
from announcements.sending import progress
from participation import ratelimits
from participation.text import listed

PER_PAGE = 30


class AnnouncementScreen(WagtailAdminTemplateMixin, TemplateView):
    header_icon = "mail"
    permission = "announcements.use_screens"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm("announcements.use_screens"):
            raise PermissionDenied
        pk = kwargs.get("pk")
        self.announcement = (
            get_object_or_404(
                Announcement.objects.select_related(
                    "arrondissement__locale", "axis", "tag"
                ).prefetch_related("texts"),
                pk=pk,
            )
            if pk
            else None
        )
        if self.announcement is not None and not request.user.has_perm(
            self.permission, self.announcement
        ):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        items = [
            *self.breadcrumbs_items,
            {"url": reverse("announcements_admin:index"), "label": _("Announcements")},
        ]
        if self.announcement is not None:
            items.append(
                {
                    "url": reverse("announcements_admin:preview", args=[self.announcement.pk]),
                    "label": str(self.announcement),
                }
            )
        return [*items, {"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["announcement"] = self.announcement
        return context


class AnnouncementListView(AnnouncementScreen):
    template_name = "announcements/admin/index.html"
    page_title = gettext_lazy("Announcements")

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": _("Announcements")}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        announcements = Announcement.objects.select_related(
            "arrondissement__locale", "axis", "tag", "created_by"
        ).prefetch_related("texts")
        page = Paginator(announcements, PER_PAGE).get_page(self.request.GET.get("p"))
        context.update(
            {
                "announcements": [(a, describe(a)) for a in page],
                "page": page,
                "may_write": self.request.user.has_perm("announcements.add_announcement"),
            }
        )
        return context


class AnnouncementEditView(AnnouncementScreen):
    """Write a new announcement, or change a draft."""

    template_name = "announcements/admin/edit.html"
    permission = "announcements.edit"

    def get_page_title(self):
        return _("Change the announcement") if self.announcement else _("New announcement")

    def dispatch(self, request, *args, **kwargs):
        if "pk" not in kwargs and not request.user.has_perm("announcements.add_announcement"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        context["form"] = form or AnnouncementForm(announcement=self.announcement)
        return context

    def post(self, request, *args, **kwargs):
        if refused := ratelimits.refusal(request, "announcement"):
            return refused
        form = AnnouncementForm(request.POST, announcement=self.announcement)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        try:
            announcement = services.save_draft(
                request.user,
                self.announcement or Announcement(),
                form.texts(),
                form.audience_fields(),
            )
        except services.AnnouncementError as error:
            messages.error(request, str(error))
            return self.render_to_response(self.get_context_data(form=form))
        messages.success(request, _("Draft saved. Read it as residents will before sending."))
        return redirect("announcements_admin:preview", announcement.pk)


class AnnouncementPreviewView(AnnouncementScreen):
    """Each language as the email, the audience in words and its size."""

    template_name = "announcements/admin/preview.html"

    def get_page_title(self):
        return _("Preview")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        announcement = self.announcement
        context.update(
            {
                "previews": [
                    (LANGUAGE_NAMES.get(language, language), subject, text, html)
                    for language, subject, text, html in Letters(announcement).previews()
                ],
                "missing_languages": listed(
                    (
                        name
                        for code, name in settings.LANGUAGES
                        if code not in announcement.texts_by_language()
                    ),
                    isolated=True,
                ),
                "audience_words": describe(announcement),
                "audience_size": audience_of(announcement).count()
                if announcement.is_draft
                else announcement.recipient_count,
                "may_edit": self.request.user.has_perm("announcements.edit", announcement),
                "may_send": self.request.user.has_perm("announcements.send", announcement),
                "from_email": settings.DEFAULT_FROM_EMAIL,
            }
        )
        return context


class AnnouncementSendView(AnnouncementScreen):
    """Confirm, then send: once only (services.start_sending)."""

    template_name = "announcements/admin/send.html"
    permission = "announcements.send"

    def get_page_title(self):
        return _("Send the announcement")

    def get_context_data(self, form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        size = audience_of(self.announcement).count()
        context.update(
            {
                "audience_words": describe(self.announcement),
                "audience_size": size,
                "form": form or ConfirmSendingForm(),
            }
        )
        return context

    def post(self, request, *args, **kwargs):
        if refused := ratelimits.refusal(request, "announcement"):
            return refused
        form = ConfirmSendingForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        try:
            count = services.start_sending(request.user, self.announcement)
        except services.AnnouncementError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                _("Sending to %(count)s residents has started.") % {"count": count},
            )
        return redirect("announcements_admin:progress", self.announcement.pk)


class AnnouncementProgressView(AnnouncementScreen):
    """Where a sending stands: sent of the audience, refused, interrupted; resume."""

    template_name = "announcements/admin/progress.html"

    def get_page_title(self):
        if self.announcement.status == AnnouncementStatus.SENT:
            return _("Sent")
        return _("Sending")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        counts = progress(self.announcement)
        total = counts["total"] or 0
        done = counts["sent"] + counts["failed"] + counts["interrupted"]
        context.update(
            {
                "counts": counts,
                "percent": min(100, round(100 * done / total)) if total else 100,
                "may_resume": self.request.user.has_perm("announcements.resume", self.announcement),
            }
        )
        return context

    def post(self, request, *args, **kwargs):
        if refused := ratelimits.refusal(request, "announcement"):
            return refused
        if not request.user.has_perm("announcements.resume", self.announcement):
            raise PermissionDenied
        services.resume_sending(request.user, self.announcement)
        messages.success(request, _("The sending goes on."))
        return redirect("announcements_admin:progress", self.announcement.pk)
