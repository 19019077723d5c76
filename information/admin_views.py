"""The officers' and departments' work on information requests in the admin: the queue, each
request's page with the steps of law 31-13 (information/services.py), and its timeline."""

from django.core.exceptions import PermissionDenied
from django.db.models import Case, F, IntegerField, Value, When
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.views.generic.models import IndexView

from information import services
from information.forms import (
    AnswerForm,
    AssignForm,
    ClarificationForm,
    ComplaintAnswerForm,
    ExtendForm,
    RedirectForm,
    RefuseForm,
    UnpublishForm,
)
from information.models import OPEN_STATUSES, InformationRequest, commune_working_days
from participation.admin_review import ReviewView

# Each action of the request's page: (the permission it needs, its form).
ACTIONS = {
    "assign": ("information.assign_request", AssignForm),
    "clarification": ("information.ask_clarification", ClarificationForm),
    "extend": ("information.extend_request", ExtendForm),
    "answer": ("information.answer_request", AnswerForm),
    "refuse": ("information.answer_request", RefuseForm),
    "redirect": ("information.answer_request", RedirectForm),
    "answer_after_complaint": ("information.answer_after_complaint", AnswerForm),
    "complaint": ("information.answer_complaint", ComplaintAnswerForm),
    "unpublish": ("information.unpublish_request", UnpublishForm),
}


class RequestQueueView(IndexView):
    """The queue: every request for the officers, its department's for a department's member;
    each row's working days left worked out with one read of the holidays."""

    def get_base_queryset(self):
        return (
            super().get_base_queryset().handled_by(self.request.user).select_related("department")
        )

    def order_queryset(self, queryset):
        """Unless staff sort by a column: the open requests first, the nearest deadline first,
        those waiting for a clarification after them; then the closed ones."""
        if "ordering" in self.request.GET:
            return super().order_queryset(queryset)
        closed = Case(
            When(status__in=OPEN_STATUSES, then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        )
        return queryset.order_by(closed, F("due_on").asc(nulls_last=True), "-received_on", "pk")

    def get_table(self, object_list):
        working_days = commune_working_days()
        today = timezone.localdate()
        for item in object_list:
            item.queue_days_left = item.days_left(today, working_days)
        return super().get_table(object_list)


class ReviewRequestView(ReviewView):
    template_name = "information/admin/review.html"
    page_title = gettext_lazy("Information request")
    header_icon = "info-circle"
    index_url_name = "information_request:index"
    index_label = gettext_lazy("Information requests")

    def get_host(self, pk):
        return get_object_or_404(
            InformationRequest.objects.select_related(
                "department", "refusal_ground", "requester", "complaint"
            ),
            pk=pk,
        )

    def check_permissions(self, user):
        if not user.has_perm("information.view_in_queue", self.host):
            raise PermissionDenied
        self.allowed = {
            action
            for action, (permission, _form) in ACTIONS.items()
            if user.has_perm(permission, self.host)
        }
        if self.host.published_at is None:
            self.allowed.discard("unpublish")
        if "extend" in self.allowed and not self.host.may_extend():
            self.allowed.discard("extend")

    def forms(self, data=None):
        """Each action's form, the posted one bound to what was sent (its files too)."""
        posted = data.get("action") if data else None
        return {
            f"{action}_form": (
                form_class(data, self.request.FILES) if action == posted else form_class()
            )
            for action, (_permission, form_class) in ACTIONS.items()
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        item = self.host
        working_days = commune_working_days()
        context.update(
            item=item,
            allowed=self.allowed,
            days_left=item.days_left(working_days=working_days),
            first_period_ends_on=item.first_period_ends_on,
            waits=list(item.waits.all()),
            documents=list(item.documents.all()),
            complaint=getattr(item, "complaint", None),
            may_read_national_id=self.request.user.has_perm(
                "information.read_requester_national_id", item
            ),
        )
        return context

    def act(self, action, forms):
        if action not in self.allowed:
            return None
        form = forms[f"{action}_form"]
        if not form.is_valid():
            return None
        user, item, data = self.request.user, self.host, form.cleaned_data
        if action == "assign":
            services.assign(user, item, data["department"])
            return _("The request is assigned; the requester is told.")
        if action == "clarification":
            services.ask_clarification(user, item, data["question"])
            return _("The requester is asked to clarify; the period stands still meanwhile.")
        if action == "extend":
            services.extend(user, item, data["reason"])
            return _("The period is extended; the requester is told why.")
        if action in {"answer", "answer_after_complaint"}:
            services.answer(user, item, data["text"], data["files"], partly=data["partly"])
            return _("The answer is sent to the requester.")
        if action == "refuse":
            services.refuse(user, item, data["ground"], data["text"])
            return _("The refusal and its ground are sent to the requester.")
        if action == "redirect":
            services.redirect(user, item, data["body"], data["text"])
            return _("The requester is told which body holds the information.")
        if action == "complaint":
            services.answer_complaint(user, item, data["outcome"], data["text"])
            return _("The answer to the complaint is sent to the requester.")
        if action == "unpublish":
            services.unpublish(user, item, data["reason"])
            return _("The request is out of the public register.")
        return None

    def get_success_url(self):
        return reverse("information_request:review", args=[self.host.pk])
