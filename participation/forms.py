"""Forms of the core: the extra sign-up questions and the resident's profile."""

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from participation.models import Arrondissement, User

# Bumped whenever the privacy notice changes materially, so consent is recorded against the
# text the resident actually saw (law 09-08, art. 4: consent to a stated purpose).
PRIVACY_NOTICE_VERSION = "2026-11"


class ArrondissementChoiceField(forms.ModelChoiceField):
    """Choose among the commune's arrondissements, labelled in the active language."""

    def __init__(self, **kwargs):
        super().__init__(queryset=Arrondissement.objects.canonical(), **kwargs)
        self._names = None

    def label_from_instance(self, obj):
        if self._names is None:
            self._names = Arrondissement.objects.names_in()
        return self._names.get(obj.translation_key, obj.name)


class ProfileFieldsMixin(forms.Form):
    display_name = forms.CharField(
        label=_("Display name"),
        max_length=80,
        help_text=_("Shown next to your contributions. It can be a first name or a nickname."),
    )
    arrondissement = ArrondissementChoiceField(
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

    class Meta:
        model = User
        fields = ["display_name", "arrondissement", "preferred_language"]

    clean_display_name = ProfileFieldsMixin.clean_display_name
