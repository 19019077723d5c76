"""Forms of the core: the extra sign-up questions and the resident's profile."""

import uuid

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from participation import equality
from participation.models import (
    Arrondissement,
    EmailFrequency,
    IdentityBasis,
    IdentityDeclaration,
    NotificationCategory,
    ReportReason,
    ReportStatus,
    User,
)
from participation.national_id import cin_digest, normalise_cin, validate_cin
from participation.validators import refuse_bidi_controls

# Bumped whenever the privacy notice changes materially, so consent is recorded against the
# text the resident actually saw (law 09-08, art. 4: consent to a stated purpose).
PRIVACY_NOTICE_VERSION = "2026-11"


class TranslatedTermLabels:
    """Label translated terms (arrondissements, categories…) in the active language, with one
    query for all the choices."""

    def __init__(self, model, **kwargs):
        super().__init__(queryset=model.objects.canonical(), **kwargs)
        self.model = model
        self._names = None

    def label_from_instance(self, obj):
        if self._names is None:
            self._names = self.model.objects.names_in()
        return self._names.get(obj.translation_key, obj.name)


class TranslatedTermChoiceField(TranslatedTermLabels, forms.ModelChoiceField):
    """Choose one translated term."""


class TranslatedTermMultipleChoiceField(TranslatedTermLabels, forms.ModelMultipleChoiceField):
    """Choose several translated terms."""


def map_coordinate(bound):
    """A point's latitude (``bound`` 90) or longitude (180), filled by the map's script in a
    hidden field; empty without JavaScript (participation/maps.py)."""
    return forms.DecimalField(
        required=False,
        widget=forms.HiddenInput,
        max_digits=9,
        decimal_places=6,
        min_value=-bound,
        max_value=bound,
    )


class ProfileFieldsMixin(forms.Form):
    display_name = forms.CharField(
        label=_("Display name"),
        max_length=80,
        validators=[refuse_bidi_controls],
        help_text=_("Shown next to your contributions. It can be a first name or a nickname."),
    )
    arrondissement = TranslatedTermChoiceField(
        Arrondissement,
        label=_("Arrondissement"),
        required=False,
        empty_label=_("I prefer not to say"),
        help_text=_("Where you live or work in the commune, to show you what concerns you."),
    )
    preferred_language = forms.ChoiceField(
        label=_("Preferred language"),
        choices=settings.LANGUAGES,
        help_text=_("The language of the site after you log in and of the emails we send you."),
    )

    def clean_display_name(self):
        name = " ".join(self.cleaned_data["display_name"].split())
        if not name:
            raise forms.ValidationError(_("Please enter a display name."))
        return name


class SignupProfileForm(ProfileFieldsMixin):
    """Asked at sign-up, next to allauth's email and password fields."""

    accept_privacy_notice = forms.BooleanField(
        label=_(
            "I have read the privacy notice and agree that Sharik processes my data "
            "for my participation."
        ),
        error_messages={
            "required": _("You need to accept the privacy notice to create an account.")
        },
    )
    # The error summary names a field by its label (templates/includes/form_errors.html): this
    # one's is the consent sentence, so it gives a short name instead.
    accept_privacy_notice.short_label = _("Privacy notice")

    field_order = [
        "email",
        "password1",
        "password2",
        "display_name",
        "arrondissement",
        "preferred_language",
        "accept_privacy_notice",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["preferred_language"].initial = get_language()

    def signup(self, request, user):
        """Called by allauth once the account is created: store the profile and the consent."""
        user.display_name = self.cleaned_data["display_name"]
        user.arrondissement = self.cleaned_data["arrondissement"]
        user.preferred_language = self.cleaned_data["preferred_language"]
        user.privacy_notice_accepted_at = timezone.now()
        user.privacy_notice_version = PRIVACY_NOTICE_VERSION
        user.save()


class ProfileForm(forms.ModelForm):
    arrondissement = ProfileFieldsMixin.base_fields["arrondissement"]
    gender = forms.ChoiceField(
        label=_("Gender"),
        choices=[("", _("I prefer not to say")), *equality.Gender.choices],
        required=False,
    )
    birth_year = forms.IntegerField(
        label=_("Year of birth"),
        required=False,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )

    class Meta:
        model = User
        fields = ["display_name", "arrondissement", "preferred_language", "gender", "birth_year"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        minimum = {"minimum": equality.minimum_group()}
        self.fields["gender"].help_text = equality.PURPOSE % minimum
        self.fields["birth_year"].help_text = equality.BIRTH_YEAR_PURPOSE % minimum

    clean_display_name = ProfileFieldsMixin.clean_display_name

    def clean_birth_year(self):
        year = self.cleaned_data["birth_year"]
        this_year = timezone.localdate().year
        if year is not None and not this_year - 110 <= year <= this_year - 10:
            raise forms.ValidationError(
                _("Enter a year of birth between %(first)s and %(last)s, or leave it empty.")
                % {"first": this_year - 110, "last": this_year - 10}
            )
        return year


# --- Participation core -----------------------------------------------------------------------


class CommentForm(forms.Form):
    body = forms.CharField(
        label=_("Your comment"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Plain text; links become clickable. Be respectful: the charter applies."),
        error_messages={"required": _("Write something before sending.")},
    )
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)
    official = forms.BooleanField(label=_("Post as the commune's official answer"), required=False)
    # A new key each time the form is shown: the same form sent twice posts one comment.
    submission = forms.UUIDField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("submission", uuid.uuid4())

    def clean_body(self):
        body = self.cleaned_data["body"].strip()
        if not body:
            raise forms.ValidationError(_("Write something before sending."))
        return body


class CommentEditForm(forms.Form):
    body = CommentForm.base_fields["body"]

    clean_body = CommentForm.clean_body


class ModerationReasonForm(forms.Form):
    """The reason of a moderation decision, which its author is told (hiding, returning)."""

    reason = forms.CharField(
        label=_("Reason, shown to the author"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Give the reason: the author will be told.")},
    )


class ReportForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("What is wrong with it?"),
        choices=ReportReason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose a reason.")},
    )
    details = forms.CharField(
        label=_("Details for the moderators"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ResolveReportsForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            (ReportStatus.HIDDEN, _("Hide the content")),
            (ReportStatus.KEPT, _("Keep the content")),
            (ReportStatus.WARNED, _("Keep it and warn the author")),
        ],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Note (told to the author when hiding or warning)"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class NotificationSettingsForm(forms.Form):
    """One choice per category: email at once, in the daily digest, or only on the site."""

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        current = dict(user.notification_preferences.values_list("category", "email_frequency"))
        for category, label in NotificationCategory.choices:
            self.fields[category] = forms.ChoiceField(
                label=label,
                choices=EmailFrequency.choices,
                initial=current.get(category, EmailFrequency.IMMEDIATELY),
                widget=forms.RadioSelect,
            )


class IdentityDeclarationForm(forms.ModelForm):
    """The identity declaration residents complete before signing a petition."""

    cin = forms.CharField(
        label=_("National ID card number (CIN)"),
        max_length=20,
        validators=[validate_cin],
        help_text=_(
            "Stored encrypted; never shown publicly. Only the council's officials may read it, "
            "in the dossier of a petition you signed, and each reading is logged."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "off", "dir": "ltr"}),
    )
    arrondissement = TranslatedTermChoiceField(Arrondissement, label=_("Arrondissement"))
    accept_declaration = forms.BooleanField(
        label=_(
            "I declare on my honour that this information is accurate, and I accept that it is "
            "used to check my petition signatures (law 09-08)."
        ),
        error_messages={"required": _("You need to accept the declaration to sign petitions.")},
    )
    # Its name in the error summary (templates/includes/form_errors.html), here and at a counter
    # (counters/forms.py), whose sentence differs.
    accept_declaration.short_label = _("Identity declaration")

    class Meta:
        model = IdentityDeclaration
        fields = [
            "full_name",
            "cin",
            "basis",
            "address",
            "activity",
            "arrondissement",
            "on_electoral_roll",
        ]
        widgets = {"basis": forms.RadioSelect}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["basis"].choices = IdentityBasis.choices  # no empty "---------" radio
        if self.instance.pk:
            self.fields["cin"].required = False
            self.fields["cin"].help_text = _(
                "Your declared number is %(masked)s. Leave empty to keep it."
            ) % {"masked": self.instance.masked_cin}

    def clean_cin(self):
        value = self.cleaned_data.get("cin")
        if not value:
            return ""
        taken = IdentityDeclaration.objects.filter(cin_digest=cin_digest(value)).exclude(
            user=self.user
        )
        if taken.exists():
            raise forms.ValidationError(_("This ID number is already declared on another account."))
        return normalise_cin(value)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("basis") == IdentityBasis.ACTIVITY and not cleaned.get("activity"):
            self.add_error("activity", _("Describe your activity in the commune."))
        return cleaned

    def save(self, commit=True):
        declaration = super().save(commit=False)
        declaration.user = self.user
        if self.cleaned_data.get("cin"):
            declaration.set_cin(self.cleaned_data["cin"])
        declaration.declaration_version = settings.SHARIK_IDENTITY_DECLARATION_VERSION
        if commit:
            declaration.save()
        return declaration


# --- Documents and organisations -------------------------------------------------------------

# Documents are checked by participation/uploads.py (``validate_document``).
