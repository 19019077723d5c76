"""Staff work on consultations in the admin: the list with participation figures, the written
answers (publish selected quotes), and the anonymous exports of responses."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, F, OuterRef, Q, Subquery
from django.http import FileResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import get_language_bidi, gettext_lazy
from django.utils.translation import gettext as _
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from consultations import exports, services
from consultations.forms import QuoteForm
from consultations.models import Answer, ConsultationPage, ConsultationTally
from participation.services import audit

ANSWERS_PER_PAGE = 50


def _staff_only(request):
    if not request.user.has_perm("consultations.export_responses"):
        raise PermissionDenied


class ConsultationListView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "consultations/admin/index.html"
    page_title = gettext_lazy("Consultations")
    header_icon = "list-ul"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": _("Consultations")}]

    def dispatch(self, request, *args, **kwargs):
        _staff_only(request)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        first = (
            ConsultationPage.objects.filter(translation_key=OuterRef("translation_key"))
            .order_by("pk")
            .values("pk")[:1]
        )
        consultations = (
            ConsultationPage.objects.annotate(first_pk=Subquery(first))
            .filter(pk=F("first_pk"))
            .annotate(
                participants=Subquery(
                    ConsultationTally.objects.filter(consultation=OuterRef("pk")).values(
                        "participant_count"
                    )[:1]
                ),
                drafts=Count("responses", filter=Q(responses__submitted_at__isnull=True)),
            )
            .select_related("locale")
            .order_by("-opens_at", "-pk")
        )
        context["consultations"] = consultations
        return context


class WrittenAnswersView(WagtailAdminTemplateMixin, TemplateView):
    """Free-text answers (and "other" choices) of one question, to read and to quote."""

    template_name = "consultations/admin/answers.html"
    page_title = gettext_lazy("Written answers")
    header_icon = "openquote"

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("consultations_admin:index"), "label": _("Consultations")},
            {"url": "", "label": self.consultation.title},
        ]

    def dispatch(self, request, pk):
        _staff_only(request)
        self.consultation = get_object_or_404(ConsultationPage, pk=pk).original
        return super().dispatch(request, pk)

    def post(self, request, pk):
        if not request.user.has_perm("consultations.publish_quote", self.consultation):
            raise PermissionDenied
        form = QuoteForm(request.POST)
        if form.is_valid():
            answer = get_object_or_404(
                Answer.objects.select_related("response__consultation"),
                pk=form.cleaned_data["answer"],
                response__consultation=self.consultation,
            )
            try:
                if form.cleaned_data["action"] == "publish":
                    services.publish_quote(request.user, answer)
                    messages.success(request, _("The quote is published with the results."))
                else:
                    services.withdraw_quote(request.user, answer)
                    messages.success(request, _("The quote is withdrawn from the results."))
            except services.ConsultationError as error:
                messages.error(request, str(error))
        return redirect(request.get_full_path())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        questions = [
            question
            for question in self.consultation.questions
            if question.is_text or question.allow_other
        ]
        selected = next(
            (q for q in questions if q.id == self.request.GET.get("question")),
            questions[0] if questions else None,
        )
        answers = Answer.objects.none()
        if selected is not None:
            answers = (
                Answer.objects.filter(
                    response__consultation=self.consultation,
                    response__submitted_at__isnull=False,
                    question=selected.id,
                )
                .exclude(text="")
                .select_related("response")
                .order_by("-quote_published_at", "pk")
            )
            if self.request.GET.get("quoted") == "1":
                answers = answers.filter(quote_published_at__isnull=False)
        context.update(
            {
                "consultation": self.consultation,
                "questions": questions,
                "selected": selected,
                "answers": Paginator(answers, ANSWERS_PER_PAGE).get_page(self.request.GET.get("p")),
                "can_publish": self.request.user.has_perm(
                    "consultations.publish_quote", self.consultation
                ),
            }
        )
        return context


def export_responses(request, pk, file_format):
    """Anonymous responses as CSV or XLSX; each export is in the audit log."""
    _staff_only(request)
    consultation = get_object_or_404(ConsultationPage, pk=pk).original
    if file_format not in {"csv", "xlsx"}:
        raise PermissionDenied
    questions = consultation.in_language().questions
    audit(request.user, "consultation.export_responses", consultation, format=file_format)
    filename = f"consultation-{consultation.pk}-responses.{file_format}"
    if file_format == "csv":
        response = StreamingHttpResponse(
            exports.responses_csv(consultation, questions), content_type="text/csv; charset=utf-8"
        )
    else:
        response = FileResponse(
            exports.responses_xlsx(consultation, questions, right_to_left=get_language_bidi()),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response
