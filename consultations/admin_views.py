"""Staff work on consultations in the admin: the list with participation figures, the written
answers (publish selected quotes), the queue of written answers to read, and the anonymous
exports of responses."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, F, OuterRef, Q, Subquery
from django.http import FileResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import get_language_bidi, gettext_lazy, ngettext
from django.utils.translation import gettext as _
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from consultations import exports, services
from consultations.forms import QuoteForm
from consultations.models import Answer, ConsultationPage, ConsultationTally
from participation import ratelimits
from participation.models import Arrondissement
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


# --- The queue of written answers to read (the dashboard's panel opens it) ---------------------


class AnswersFilterForm(forms.Form):
    """The filters of the written answers: read or not, consultation, arrondissement, dates of
    submission, words in the answer."""

    STATES = [
        ("unread", gettext_lazy("To read")),
        ("read", gettext_lazy("Read")),
        ("all", gettext_lazy("All")),
    ]

    state = forms.ChoiceField(label=gettext_lazy("Status"), choices=STATES, required=False)
    consultation = forms.ModelChoiceField(
        label=gettext_lazy("Consultation"),
        queryset=ConsultationPage.objects.none(),
        required=False,
        empty_label=gettext_lazy("All consultations"),
    )
    arrondissement = forms.ModelChoiceField(
        label=gettext_lazy("Arrondissement"),
        queryset=Arrondissement.objects.canonical().order_by("sort_order", "name"),
        required=False,
        empty_label=gettext_lazy("All arrondissements"),
    )
    submitted_from = forms.DateField(
        label=gettext_lazy("Submitted from"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    submitted_to = forms.DateField(
        label=gettext_lazy("Submitted until"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    q = forms.CharField(label=gettext_lazy("Words in the answer"), required=False, max_length=100)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        first = (
            ConsultationPage.objects.filter(translation_key=OuterRef("translation_key"))
            .order_by("pk")
            .values("pk")[:1]
        )
        self.fields["consultation"].queryset = (
            ConsultationPage.objects.annotate(first_pk=Subquery(first))
            .filter(pk=F("first_pk"))
            .order_by("-opens_at", "-pk")
        )

    def filter(self, answers):
        """``answers`` narrowed by the valid filters (an invalid one is ignored)."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        state = data.get("state") or "unread"
        if state == "unread":
            answers = answers.filter(read_at__isnull=True)
        elif state == "read":
            answers = answers.filter(read_at__isnull=False)
        if data.get("consultation"):
            answers = answers.filter(response__consultation=data["consultation"])
        if data.get("arrondissement"):
            answers = answers.filter(response__arrondissement=data["arrondissement"])
        if data.get("submitted_from"):
            answers = answers.filter(response__submitted_at__date__gte=data["submitted_from"])
        if data.get("submitted_to"):
            answers = answers.filter(response__submitted_at__date__lte=data["submitted_to"])
        if data.get("q"):
            answers = answers.filter(text__icontains=data["q"])
        return answers


class AnswersToReadView(WagtailAdminTemplateMixin, TemplateView):
    """Every consultation's written answers, the unread first: staff read them, filter them and
    mark those they have read (the dashboard counts the rest)."""

    template_name = "consultations/admin/answers_to_read.html"
    page_title = gettext_lazy("Written answers to read")
    header_icon = "openquote"

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("consultations_admin:index"), "label": _("Consultations")},
            {"url": "", "label": self.page_title},
        ]

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm("consultations.read_answers"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def post(self, request):
        if refused := ratelimits.refusal(request, "moderation"):
            return refused
        ids = [pk for pk in request.POST.getlist("answer") if pk.isdigit()][:ANSWERS_PER_PAGE]
        marked = services.mark_answers_read(request.user, ids)
        if marked:
            messages.success(
                request,
                ngettext(
                    "%(count)d written answer marked read.",
                    "%(count)d written answers marked read.",
                    marked,
                )
                % {"count": marked},
            )
        else:
            messages.warning(request, _("Nothing new to mark read: those answers were read."))
        return redirect(request.get_full_path())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = AnswersFilterForm(self.request.GET or None)
        answers = form.filter(
            services.written_answers()
            .select_related("response__consultation", "response__arrondissement")
            .order_by("-response__submitted_at", "pk")
        )
        page = Paginator(answers, ANSWERS_PER_PAGE).get_page(self.request.GET.get("p"))
        questions = {}
        for answer in page:
            consultation = answer.response.consultation
            if consultation.pk not in questions:
                questions[consultation.pk] = {q.id: q for q in consultation.questions}
            answer.question_asked = questions[consultation.pk].get(answer.question)
        query = self.request.GET.copy()
        query.pop("p", None)
        context.update(filter_form=form, answers=page, query=query.urlencode())
        return context
