"""The form staff write an announcement with: a subject and a text per language (Arabic and
French required, Amazigh and English when staff have them) and the audience."""

from django import forms
from django.conf import settings
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag

from announcements.models import AnnouncementText, AudienceKind
from participation.forms import TranslatedTermChoiceField
from participation.models import Arrondissement
from participation.validators import refuse_bidi_controls
from plan.models import AxisPage

#: The languages an announcement is written in; those required first.
REQUIRED_LANGUAGES = ("ar", "fr")
OPTIONAL_LANGUAGES = tuple(
    code for code, _name in settings.LANGUAGES if code not in REQUIRED_LANGUAGES
)
LANGUAGE_NAMES = dict(settings.LANGUAGES)


one_line = RegexValidator(r"[\r\n]", inverse_match=True, message=_("The subject is one line."))


class AxisChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.title


class AnnouncementForm(forms.Form):
    audience = forms.ChoiceField(
        label=_("Send to"),
        choices=AudienceKind.choices,
        widget=forms.RadioSelect,
        help_text=_(
            "Only residents who agreed to receive the commune's announcements, with a confirmed "
            "email address, ever receive one."
        ),
    )
    arrondissement = TranslatedTermChoiceField(
        Arrondissement, label=_("Arrondissement"), required=False
    )
    axis = AxisChoiceField(
        label=_("Axis of the action plan"),
        queryset=AxisPage.objects.filter(locale__language_code=settings.LANGUAGE_CODE).order_by(
            "path"
        ),
        required=False,
    )
    tag = forms.CharField(
        label=_("Tag"),
        max_length=100,
        required=False,
        help_text=_("As residents see it on proposals, petitions and consultations."),
    )

    def __init__(self, *args, announcement=None, **kwargs):
        self.announcement = announcement
        initial = kwargs.setdefault("initial", {})
        if announcement is not None and announcement.pk:
            initial.update(
                {
                    "audience": announcement.audience,
                    "arrondissement": announcement.arrondissement_id,
                    "axis": announcement.axis_id,
                    "tag": announcement.tag.name if announcement.tag_id else "",
                }
            )
            for language, text in announcement.texts_by_language().items():
                initial[f"subject_{language}"] = text.subject
                initial[f"body_{language}"] = text.body
        initial.setdefault("audience", AudienceKind.EVERYONE)
        super().__init__(*args, **kwargs)
        subject_length = AnnouncementText._meta.get_field("subject").max_length
        body_length = AnnouncementText._meta.get_field("body").max_length
        for language in (*REQUIRED_LANGUAGES, *OPTIONAL_LANGUAGES):
            name = LANGUAGE_NAMES[language]
            required = language in REQUIRED_LANGUAGES
            direction = "rtl" if language in settings.RTL_LANGUAGES else "ltr"
            self.fields[f"subject_{language}"] = forms.CharField(
                label=_("Subject (%(language)s)") % {"language": name},
                max_length=subject_length,
                required=required,
                validators=[refuse_bidi_controls, one_line],
                widget=forms.TextInput(attrs={"dir": direction, "lang": language}),
            )
            self.fields[f"body_{language}"] = forms.CharField(
                label=_("Text (%(language)s)") % {"language": name},
                max_length=body_length,
                required=required,
                widget=forms.Textarea(attrs={"dir": direction, "lang": language, "rows": 8}),
                help_text=_("Plain text: blank lines make paragraphs, addresses become links."),
            )

    def language_fields(self):
        """``[(language name, required, subject field, body field)]`` for the template."""
        return [
            (
                LANGUAGE_NAMES[language],
                language in REQUIRED_LANGUAGES,
                self[f"subject_{language}"],
                self[f"body_{language}"],
            )
            for language in (*REQUIRED_LANGUAGES, *OPTIONAL_LANGUAGES)
        ]

    def clean_tag(self):
        name = self.cleaned_data["tag"].strip()
        if not name:
            return None
        tag = Tag.objects.filter(name__iexact=name).first()
        if tag is None:
            raise forms.ValidationError(_("No content carries this tag."))
        return tag

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("audience")
        needed = {
            AudienceKind.ARRONDISSEMENT: ("arrondissement", _("Choose the arrondissement.")),
            AudienceKind.AXIS: ("axis", _("Choose the axis.")),
            AudienceKind.TAG: ("tag", _("Give the tag.")),
        }.get(kind)
        if needed and not cleaned.get(needed[0]) and needed[0] not in self.errors:
            self.add_error(needed[0], needed[1])
        for language in OPTIONAL_LANGUAGES:
            subject = cleaned.get(f"subject_{language}")
            body = cleaned.get(f"body_{language}")
            if bool(subject) != bool(body):
                missing = f"body_{language}" if subject else f"subject_{language}"
                self.add_error(missing, _("Give both the subject and the text, or neither."))
        return cleaned

    def texts(self):
        """``{language: (subject, body)}`` of the languages written."""
        texts = {}
        for language in (*REQUIRED_LANGUAGES, *OPTIONAL_LANGUAGES):
            subject = self.cleaned_data.get(f"subject_{language}")
            body = self.cleaned_data.get(f"body_{language}")
            if subject and body:
                texts[language] = (subject.strip(), body.strip())
        return texts

    def audience_fields(self):
        """The announcement's audience fields; those the kind does not use are emptied."""
        kind = self.cleaned_data["audience"]
        return {
            "audience": kind,
            "arrondissement": self.cleaned_data.get("arrondissement")
            if kind == AudienceKind.ARRONDISSEMENT
            else None,
            "axis": self.cleaned_data.get("axis") if kind == AudienceKind.AXIS else None,
            "tag": self.cleaned_data.get("tag") if kind == AudienceKind.TAG else None,
        }


class ConfirmSendingForm(forms.Form):
    """The second step of sending: the member of staff confirms, having read the texts."""

    confirm = forms.BooleanField(
        label=_("I have read the texts in every language and I send this announcement now."),
    )
