"""The investors' messages in the admin: the list (newest first, filtered by status and topic)
and each message's page, where staff answer it (the answer is emailed to the investor) or close
it. Reading a message is in the audit log, as answering and closing are: it holds an
investor's personal data (law 09-08)."""

from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.views.generic.models import IndexView, InspectView

from invest import services
from invest.forms import AnswerForm, CloseForm
from invest.models import InvestorMessage
from participation import ratelimits
from participation.models import AuditLogEntry
from participation.services import ParticipationError

# Each action of a message's page: (the permission it needs, its form).
ACTIONS = {
    "answer": ("invest.answer_message", AnswerForm),
    "close": ("invest.close_message", CloseForm),
}

HISTORY_LABELS = {
    "invest.message_opened": gettext_lazy("opened"),
    "invest.message_answered": gettext_lazy("answered"),
    "invest.message_closed": gettext_lazy("closed"),
}


class MessageQueueView(IndexView):
    """Every message for the investor desk, their topics' for a topic's staff."""

    def get_base_queryset(self):
        return (
            super()
            .get_base_queryset()
            .handled_by(self.request.user)
            .select_related("topic", "topic__locale")
        )


class MessageView(InspectView):
    """One message, its answer or the forms to answer and close it, and who did what."""

    template_name = "invest/admin/message.html"
    page_title = gettext_lazy("Investor message")
    header_icon = "mail"

    def get_object(self, queryset=None):
        message = get_object_or_404(
            InvestorMessage.objects.select_related("topic", "asset", "answered_by"), pk=self.pk
        )
        if not self.request.user.has_perm("invest.read_message", message):
            raise PermissionDenied
        return message

    def get_page_subtitle(self):
        return self.object.organisation or self.object.name

    def get(self, request, *args, **kwargs):
        services.record_opening(request.user, self.object)
        return super().get(request, *args, **kwargs)

    def forms(self, data=None):
        posted = data.get("action") if data else None
        return {
            f"{action}_form": form_class(data if action == posted else None)
            for action, (_permission, form_class) in ACTIONS.items()
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        message = self.object
        user = self.request.user
        history = list(
            AuditLogEntry.objects.filter(
                content_type=ContentType.objects.get_for_model(InvestorMessage),
                object_id=message.pk,
            )
            .select_related("actor")
            .order_by("-created_at")[:30]
        )
        for entry in history:
            entry.label = HISTORY_LABELS.get(entry.action, entry.action)
        context.update(
            message=message,
            topic_name=message.topic.localized_name,
            history=history,
            allowed={
                action
                for action, (permission, _form) in ACTIONS.items()
                if user.has_perm(permission, message)
            },
            **kwargs.get("forms", self.forms()),
        )
        return context

    def post(self, request, *args, **kwargs):
        message = self.object
        action = request.POST.get("action")
        if action not in ACTIONS:
            raise PermissionDenied
        permission, _form = ACTIONS[action]
        here = reverse("investor_messages:inspect", args=[message.pk])
        if not request.user.has_perm(permission, message):
            # Sent twice, or by two colleagues at once: the first did it.
            messages.error(request, _("This message is answered or closed already."))
            return redirect(here)
        if refused := ratelimits.refusal(request, "moderation"):
            return refused
        forms = self.forms(request.POST)
        form = forms[f"{action}_form"]
        if form.is_valid():
            try:
                if action == "answer":
                    services.answer(request.user, message, form.cleaned_data["text"])
                    done = _("The answer is sent to the investor.")
                else:
                    services.close(request.user, message, form.cleaned_data["reason"])
                    done = _("The message is closed.")
            except ParticipationError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, done)
                return redirect(here)
        return self.render_to_response(self.get_context_data(forms=forms))
