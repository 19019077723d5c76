from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from participation.forms import TranslatedTermChoiceField, TranslatedTermMultipleChoiceField
from participation.models import Arrondissement
from participation.uploads import validate_document
from petitions.models import (
    CouncilCompetence,
    CouncilDecision,
    Organisation,
    OrganisationStatus,
    Petition,
    PetitionKind,
)


class PetitionForm(forms.ModelForm):
    competence = TranslatedTermChoiceField(
        CouncilCompetence,
        label=_("Council competence"),
        empty_label=_("Choose the competence"),
        help_text=_(
            "The attribution of the commune your question falls under. A question outside the "
            "commune's attributions is inadmissible."
        ),
    )
    arrondissements = TranslatedTermMultipleChoiceField(
        Arrondissement,
        label=_("Arrondissements concerned"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one arrondissement.")},
    )
    organisation = forms.ModelChoiceField(
        label=_("Association"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("Choose the association"),
    )
    attachment = forms.FileField(
        label=_("Add a supporting document"),
        required=False,
        help_text=_("Optional, public: a photo, a plan, a study. PDF, JPEG or PNG, up to 10 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,image/jpeg,image/png"}),
    )
    attachment_title = forms.CharField(
        label=_("What the document is"), required=False, max_length=200
    )

    class Meta:
        model = Petition
        fields = [
            "kind",
            "organisation",
            "title",
            "question",
            "reasons",
            "competence",
            "arrondissements",
            "tags",
            "respects_constants",
            "activity_related",
            "filing_decision",
        ]
        widgets = {
            "kind": forms.RadioSelect,
            "question": forms.Textarea(attrs={"rows": 3}),
            "reasons": forms.Textarea(attrs={"rows": 8}),
            "filing_decision": forms.ClearableFileInput(
                attrs={"accept": ".pdf,image/jpeg,image/png"}
            ),
        }
        help_texts = {
            "title": _("Short and clear, e.g. “Public lighting for the Layayda school road”."),
            "filing_decision": _(
                "Associations only: the minutes of the body that decided to petition (PDF or scan)."
            ),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["kind"].choices = PetitionKind.choices
        self.fields["kind"].initial = self.instance.kind or PetitionKind.RESIDENTS
        # Optional for a draft, required to submit (the conformity check says so).
        self.fields["respects_constants"].hide_optional = True
        self.fields["respects_constants"].help_text = _("Required to submit the petition.")
        self.fields["organisation"].queryset = user.organisations.filter(status="verified")
        if not self.fields["organisation"].queryset.exists():
            self.fields["kind"].disabled = True
            self.fields["kind"].help_text = _(
                "To petition as an association, register it first; the commune verifies it."
            )

    def clean_filing_decision(self):
        return validate_document(self.cleaned_data.get("filing_decision"))

    def clean_attachment(self):
        return validate_document(self.cleaned_data.get("attachment"))

    def clean(self):
        cleaned = super().clean()
        if self.fields["kind"].disabled:
            cleaned["kind"] = self.instance.kind or PetitionKind.RESIDENTS
        if cleaned.get("kind") == PetitionKind.ASSOCIATION:
            if not cleaned.get("organisation"):
                self.add_error("organisation", _("Choose the association that petitions."))
        else:
            cleaned["organisation"] = None
        if cleaned.get("attachment") and not cleaned.get("attachment_title", "").strip():
            self.add_error("attachment_title", _("Say what the document is."))
        return cleaned


class SignatureForm(forms.Form):
    accept = forms.BooleanField(
        label=_(
            "I sign this petition: I share the interest it defends, and I declare that I live or "
            "work in the commune and am on the electoral rolls, as in my identity declaration."
        ),
        error_messages={"required": _("Tick the declaration to sign.")},
    )
    show_name = forms.BooleanField(
        label=_("Show my name on the public list of signatories"),
        required=False,
        help_text=_("Without it, you are counted but your name is not shown."),
    )


class PublishPetitionForm(forms.Form):
    collection_ends_on = forms.DateField(
        label=_("Signatures collected until"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def clean_collection_ends_on(self):
        day = self.cleaned_data["collection_ends_on"]
        if day <= timezone.localdate():
            raise forms.ValidationError(_("The collection must end after today."))
        return day


class AdmissibilityForm(forms.Form):
    admissible = forms.TypedChoiceField(
        label=_("The bureau's decision"),
        choices=[("yes", _("Admissible")), ("no", _("Inadmissible"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    committee = forms.CharField(label=_("Competent committee"), max_length=200, required=False)
    session = forms.CharField(
        label=_("Session on whose agenda it is placed"),
        max_length=200,
        required=False,
        help_text=_("E.g. “Ordinary session of February 2027”."),
    )
    reasons = forms.CharField(
        label=_("Reasons (published)"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    notified_on = forms.DateField(
        label=_("Mandataire notified on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("admissible") is True:
            if not cleaned.get("committee", "").strip():
                self.add_error("committee", _("Name the committee."))
            if not cleaned.get("session", "").strip():
                self.add_error("session", _("Name the session."))
        elif cleaned.get("admissible") is False and not cleaned.get("reasons", "").strip():
            self.add_error("reasons", _("Give the reasons: the law requires them."))
        return cleaned


class CouncilDecisionForm(forms.Form):
    decision = forms.ChoiceField(label=_("Council decision"), choices=CouncilDecision.choices)
    deliberation_reference = forms.CharField(
        label=_("Deliberation reference"), max_length=120, help_text=_("E.g. “D-2027-014”.")
    )
    decision_text = forms.CharField(
        label=_("Text of the decision (published)"),
        max_length=8000,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    decided_on = forms.DateField(
        label=_("Date of the deliberation"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


# --- Associations ------------------------------------------------------------------------------


class OrganisationForm(forms.ModelForm):
    """A resident registers an association; staff verify it before it may petition."""

    arrondissement = TranslatedTermChoiceField(
        Arrondissement, label=_("Arrondissement"), empty_label=_("Choose an arrondissement")
    )

    class Meta:
        model = Organisation
        fields = [
            "name",
            "registration_reference",
            "created_on",
            "seat_address",
            "arrondissement",
            "seat_in_commune",
            "field_of_activity",
            "in_good_standing",
            "democratic_statutes",
            "statutes",
            "registration_receipt",
            "seat_proof",
        ]
        widgets = {
            "created_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "field_of_activity": forms.Textarea(attrs={"rows": 3}),
            "statutes": forms.ClearableFileInput(attrs={"accept": ".pdf,image/jpeg,image/png"}),
            "registration_receipt": forms.ClearableFileInput(
                attrs={"accept": ".pdf,image/jpeg,image/png"}
            ),
            "seat_proof": forms.ClearableFileInput(attrs={"accept": ".pdf,image/jpeg,image/png"}),
        }

    def clean_created_on(self):
        created_on = self.cleaned_data["created_on"]
        if created_on > timezone.localdate():
            raise forms.ValidationError(_("The date of creation cannot be in the future."))
        return created_on

    def clean_statutes(self):
        return validate_document(self.cleaned_data.get("statutes"))

    def clean_registration_receipt(self):
        return validate_document(self.cleaned_data.get("registration_receipt"))

    def clean_seat_proof(self):
        return validate_document(self.cleaned_data.get("seat_proof"))


class OrganisationReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            (OrganisationStatus.VERIFIED, _("Verified: the documents match the declaration")),
            (OrganisationStatus.REJECTED, _("Not verified")),
        ],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Note to the association"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when not verified: say what is missing or wrong."),
    )

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("decision") == OrganisationStatus.REJECTED
            and not cleaned.get("note", "").strip()
        ):
            self.add_error("note", _("Say what is missing or wrong: the association is told."))
        return cleaned
