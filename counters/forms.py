"""The counter agent's forms. The identity declaration is the online form itself (the same
validation of the CIN, the same uniqueness), worded for the agent who types it from the card."""

import uuid

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from counters.models import AssistanceReason, DocumentKind
from participation.forms import IdentityDeclarationForm, TranslatedTermChoiceField
from participation.models import Arrondissement, User
from participation.validators import refuse_bidi_controls
from petitions.models import Petition, PetitionKind, PetitionStatus


class FindResidentForm(forms.Form):
    email = forms.EmailField(label=_("Email address"), required=False)
    phone = forms.CharField(
        label=_("Telephone"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"dir": "ltr", "inputmode": "tel"}),
    )
    name = forms.CharField(label=_("Name"), max_length=150, required=False)
    arrondissement = TranslatedTermChoiceField(
        Arrondissement,
        label=_("Arrondissement"),
        required=False,
        help_text=_("Needed with a name."),
    )

    def clean(self):
        cleaned = super().clean()
        if not (cleaned.get("email") or cleaned.get("phone") or cleaned.get("name")):
            raise forms.ValidationError(
                _("Enter an email address, a telephone number, or a name and an arrondissement.")
            )
        if (
            cleaned.get("name")
            and not (cleaned.get("email") or cleaned.get("phone"))
            and not cleaned.get("arrondissement")
        ):
            self.add_error("arrondissement", _("Choose the resident's arrondissement."))
        return cleaned


class OpenFileForm(forms.Form):
    resident = forms.ModelChoiceField(
        queryset=User.objects.filter(is_active=True, is_staff=False), widget=forms.HiddenInput
    )
    reason = forms.ChoiceField(
        label=_("Why the resident is served at the counter"), choices=AssistanceReason.choices
    )


class NewResidentForm(forms.Form):
    display_name = forms.CharField(
        label=_("Name"),
        max_length=80,
        validators=[refuse_bidi_controls],
        help_text=_("As the resident wishes to appear next to their contributions."),
    )
    email = forms.EmailField(
        label=_("Email address"),
        required=False,
        help_text=_("Leave empty if the resident has none: they will be served at the counter."),
        widget=forms.EmailInput(attrs={"dir": "ltr", "autocomplete": "off"}),
    )
    phone = forms.CharField(
        label=_("Telephone"),
        max_length=20,
        required=False,
        help_text=_("Only to find the file at the next visit; nothing is sent to it."),
        widget=forms.TextInput(attrs={"dir": "ltr", "inputmode": "tel", "autocomplete": "off"}),
    )
    arrondissement = TranslatedTermChoiceField(Arrondissement, label=_("Arrondissement"))
    preferred_language = forms.ChoiceField(
        label=_("Preferred language"), choices=settings.LANGUAGES, initial=settings.LANGUAGE_CODE
    )
    reason = forms.ChoiceField(
        label=_("Why the resident is served at the counter"), choices=AssistanceReason.choices
    )
    submission = forms.UUIDField(widget=forms.HiddenInput, initial=uuid.uuid4)

    def clean_email(self):
        email = (self.cleaned_data.get("email") or "").strip().lower()
        if email and User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(
                _("An account with this email address exists already: find it instead.")
            )
        return email


class IdentityCheckForm(forms.Form):
    document = forms.ChoiceField(
        label=_("Document seen"),
        choices=DocumentKind.choices,
        initial=DocumentKind.CIN,
        widget=forms.RadioSelect,
    )
    confirm = forms.BooleanField(
        label=_(
            "I saw the original card, it is valid and its photograph is the resident's. I kept "
            "no copy of it."
        ),
        error_messages={"required": _("Confirm that you saw the card.")},
    )
    # Its name in the error summary (templates/includes/form_errors.html): not the sentence.
    confirm.short_label = _("National ID card seen")


class CounterDeclarationForm(IdentityDeclarationForm):
    """The online declaration, typed by the agent from the resident's card."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["accept_declaration"].label = _(
            "The resident declared on their honour that this information is accurate and accepted "
            "that it is used to check their petition signatures (law 09-08)."
        )
        self.fields["accept_declaration"].error_messages["required"] = _(
            "The resident's declaration is needed to sign petitions."
        )
        self.fields["cin"].help_text = _(
            "Type it from the card. Stored encrypted; never shown again."
        )
        if self.instance.pk:
            self.fields["cin"].help_text = _(
                "A number is declared already. Leave empty to keep it."
            )


def petitions_to_sign():
    return Petition.objects.filter(
        status=PetitionStatus.COLLECTING, kind=PetitionKind.RESIDENTS
    ).order_by("-published_at", "-pk")


class CounterSignatureForm(forms.Form):
    petition = forms.ModelChoiceField(label=_("Petition"), queryset=Petition.objects.none())
    slip_filed = forms.BooleanField(
        label=_("The resident signed the printed slip and I filed it."),
        error_messages={
            "required": _(
                "Confirm that the resident signed the printed slip and that you filed it."
            )
        },
    )
    # Its name in the error summary (templates/includes/form_errors.html): not the sentence.
    slip_filed.short_label = _("Signed slip")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["petition"].queryset = petitions_to_sign()
        self.fields["petition"].label_from_instance = lambda petition: petition.title


class ActKeyForm(forms.Form):
    """Sent with every act's form (prefix ``act``): what the act is done on, and the form's
    one-time key, which makes a double submit record the act once."""

    subject = forms.IntegerField(widget=forms.HiddenInput, required=False)
    submission = forms.UUIDField(widget=forms.HiddenInput, initial=uuid.uuid4)


class FindSubjectForm(forms.Form):
    q = forms.CharField(label=_("Number or a word of the title"), max_length=100, required=False)
