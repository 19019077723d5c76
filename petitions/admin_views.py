"""Staff work on petitions in the admin: pre-review (publish or return), the bureau's
admissibility decision, the council's decision, the official dossier; and association checks.
The review page itself is participation/admin_review.py's."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from participation.admin_review import ReviewView
from participation.services import ParticipationError, audit
from participation.text import listed
from petitions import dossier, services
from petitions.forms import (
    AdmissibilityForm,
    CouncilDecisionForm,
    OrganisationReviewForm,
    PublishPetitionForm,
)
from petitions.models import Organisation, Petition, PetitionStatus


class ReviewPetitionView(ReviewView):
    template_name = "petitions/admin/review.html"
    page_title = gettext_lazy("Petition")
    index_url_name = "petitions_petition:index"
    index_label = gettext_lazy("Petitions")
    returned_message = gettext_lazy("The petition is returned to its mandataire.")

    def get_host(self, pk):
        return get_object_or_404(
            Petition.objects.select_related("mandataire", "competence", "organisation"), pk=pk
        )

    def check_permissions(self, user):
        self.can_review = user.has_perm("petitions.review_petition", self.host)
        self.can_examine = user.has_perm("petitions.examine_petition", self.host)
        self.can_download = user.has_perm("petitions.download_dossier", self.host)
        if not (self.can_review or self.can_examine):
            raise PermissionDenied
        self.may_return = self.can_review

    def forms(self, data=None):
        return {
            **super().forms(data),
            "publish_form": self.bound(
                PublishPetitionForm,
                "publish",
                data,
                initial={"collection_ends_on": self.host.default_collection_end()},
            ),
            "admissibility_form": self.bound(
                AdmissibilityForm,
                "admissibility",
                data,
                initial={"notified_on": timezone.localdate()},
            ),
            "decision_form": self.bound(
                CouncilDecisionForm, "decision", data, initial={"decided_on": timezone.localdate()}
            ),
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        petition = self.host
        context.update(
            petition=petition,
            can_review=self.can_review and petition.status == PetitionStatus.PENDING,
            can_return=self.can_review
            and petition.status in {PetitionStatus.PENDING, PetitionStatus.COLLECTING}
            and not petition.signature_count,
            can_examine=self.can_examine and petition.status == PetitionStatus.FILED,
            can_decide=self.can_examine and petition.status == PetitionStatus.ADMISSIBLE,
            can_download=self.can_download,
            checklist=petition.conformity_checklist(),
            arrondissements=listed(petition.arrondissements.all()),
        )
        return context

    def act(self, action, forms):
        user, petition = self.request.user, self.host
        if action == "publish" and self.can_review and forms["publish_form"].is_valid():
            services.publish(
                user, petition, forms["publish_form"].cleaned_data["collection_ends_on"]
            )
            return _("The petition is published.")
        if (
            action == "admissibility"
            and self.can_examine
            and forms["admissibility_form"].is_valid()
        ):
            data = forms["admissibility_form"].cleaned_data
            if data["admissible"]:
                services.declare_admissible(user, petition, data["committee"], data["session"])
            else:
                services.declare_inadmissible(user, petition, data["reasons"], data["notified_on"])
            return _("The bureau's decision is recorded and published; followers are told.")
        if action == "decision" and self.can_examine and forms["decision_form"].is_valid():
            data = forms["decision_form"].cleaned_data
            services.record_council_decision(
                user,
                petition,
                data["decision"],
                data["deliberation_reference"],
                data["decision_text"],
                data["decided_on"],
            )
            return _("The council's decision is published; signatories are told.")
        return super().act(action, forms)

    def return_to_owner(self, reason):
        services.return_to_mandataire(self.request.user, self.host, reason)

    def get_success_url(self):
        return reverse("petitions_petition:review", args=[self.host.pk])


def _in_language(language, chunks):
    """Stream ``chunks`` with ``language`` active (a streamed body is produced after the view
    returns, outside any ``translation.override`` in the view)."""
    with translation.override(language):
        yield from chunks


def download_dossier(request, pk, file_format):
    """The official dossier, for officials only; each download is in the audit log, since it is
    the one place national ID numbers are decrypted (docs/legal.md, "Law 09-08")."""
    petition = get_object_or_404(
        Petition.objects.select_related("competence", "organisation", "mandataire"), pk=pk
    )
    if file_format not in {"pdf", "csv"}:
        raise Http404
    if not request.user.has_perm("petitions.download_dossier", petition):
        raise PermissionDenied
    audit(request.user, "petition.dossier_download", petition, format=file_format)
    filename = f"dossier-{petition.receipt_number}.{file_format}"
    if file_format == "pdf":
        # The dossier as filed: built in the background at filing, or now if not yet built.
        dossier.store_dossier(petition)
        response = FileResponse(petition.dossier_file.open("rb"), content_type="application/pdf")
    else:
        language = request.GET.get("language")
        if language not in dict(settings.LANGUAGES):
            language = settings.LANGUAGE_CODE
        response = StreamingHttpResponse(
            _in_language(language, dossier.dossier_csv(petition, generated_at=petition.filed_at)),
            content_type="text/csv; charset=utf-8",
        )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


class ReviewOrganisationView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "petitions/admin/organisation_review.html"
    page_title = gettext_lazy("Verify an association")
    header_icon = "group"

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("petitions_organisation:index"), "label": _("Associations")},
            {"url": "", "label": self.organisation.name},
        ]

    def dispatch(self, request, pk):
        self.organisation = get_object_or_404(
            Organisation.objects.select_related("arrondissement"), pk=pk
        )
        if not request.user.has_perm("petitions.verify_organisation"):
            raise PermissionDenied
        return super().dispatch(request, pk)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            organisation=self.organisation,
            conditions=self.organisation.conditions(),
            representatives=self.organisation.representatives.all(),
            form=kwargs.get("form") or OrganisationReviewForm(),
        )
        return context

    def post(self, request, pk):
        form = OrganisationReviewForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        try:
            services.review_organisation(
                request.user,
                self.organisation,
                form.cleaned_data["decision"],
                form.cleaned_data["note"],
            )
        except ParticipationError as error:
            messages.error(request, str(error))
            return self.render_to_response(self.get_context_data(form=form))
        messages.success(request, _("The decision is recorded and the association is told."))
        return redirect(reverse("petitions_organisation:index"))
