"""The investors' contact form, and the staff's answer in the admin."""

import re
import uuid

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from invest.models import (
    MESSAGE_MAX_LENGTH,
    MESSAGE_MIN_LENGTH,
    InvestAssetPage,
    InvestmentTopic,
    InvestorMessage,
)

# Digits typed on an Arabic or Persian keyboard, as the Latin digits a phone number is kept in.
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
# What people put between digits: spaces, dots, dashes, slashes, brackets, the "(0)" of
# "+212 (0)6…".
_SEPARATORS = re.compile(r"\(0\)|[\s.\-/()\u200e\u200f]")
# A Moroccan number: 0 then 5 (fixed), 6 or 7 (mobile) or 8 (internet telephony), 8 digits more;
# internationally, +212 instead of the 0.
_MOROCCAN = re.compile(r"0([5-8]\d{8})")
_MOROCCAN_INTERNATIONAL = re.compile(r"\+212[5-8]\d{8}")
# Another country's number (E.164): a country code and at most 15 digits in all.
_INTERNATIONAL = re.compile(r"\+[1-9]\d{7,14}")


def normalise_phone(value):
    """``value`` as an international number (``+212612345678``), or ``ValidationError``.

    Accepts the Moroccan national form (``06 12 34 56 78``), the international one with ``+``
    or ``00`` (``+33 1 23 45 67 89``, ``00212 5 37 …``), separators and Arabic digits."""
    number = _SEPARATORS.sub("", value.translate(_DIGITS))
    if number.startswith("00"):
        number = "+" + number[2:]
    if match := _MOROCCAN.fullmatch(number):
        number = "+212" + match.group(1)
    pattern = _MOROCCAN_INTERNATIONAL if number.startswith("+212") else _INTERNATIONAL
    if not pattern.fullmatch(number):
        raise forms.ValidationError(
            _(
                "Enter a Moroccan number (06 12 34 56 78) or an international one starting "
                "with + and the country code (+33 1 23 45 67 89)."
            ),
            code="invalid_phone",
        )
    return number


class TopicChoiceField(forms.ModelChoiceField):
    """The topics, named in the reader's language (one query for every name)."""

    def __init__(self, **kwargs):
        super().__init__(queryset=InvestmentTopic.objects.canonical(), **kwargs)
        self.names = {}

    def label_from_instance(self, topic):
        return self.names.get(topic.translation_key, topic.name)


class ContactForm(forms.ModelForm):
    """What an investor writes to the commune. ``website`` is a trap for robots: hidden from
    people (and from screen readers), filled in by programs that fill in every field."""

    # A new key each time the form is shown: the same form sent twice records one message.
    submission = forms.UUIDField(required=False, widget=forms.HiddenInput)
    consent = forms.BooleanField(
        label=_(
            "I agree that the commune processes the data of this form to answer me, as the "
            "notice above says (law 09-08)"
        ),
        error_messages={"required": _("Tick the box: without it the commune cannot answer.")},
    )
    # Its name in the error summary (templates/includes/form_errors.html): not the sentence.
    consent.short_label = _("Consent")
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    # Typed with spaces and brackets, longer than the number kept (``normalise_phone``).
    phone = forms.CharField(
        label=_("Phone"),
        required=False,
        max_length=40,
        help_text=_("Moroccan (06 12 34 56 78) or international (+33 1 23 45 67 89)."),
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel", "dir": "ltr"}),
    )
    topic = TopicChoiceField(
        label=_("Your project concerns"),
        empty_label=_("Choose a topic"),
        error_messages={
            "required": _("Choose what your project concerns."),
            "invalid_choice": _("Choose one of the topics of the list."),
        },
    )
    message = forms.CharField(
        label=_("Your message"),
        min_length=MESSAGE_MIN_LENGTH,
        max_length=MESSAGE_MAX_LENGTH,
        help_text=_(
            "Your project, the surface or premises you need, your timetable "
            "(%(min)d to %(max)d characters)."
        )
        % {"min": MESSAGE_MIN_LENGTH, "max": MESSAGE_MAX_LENGTH},
        error_messages={
            "required": _("Write your message."),
            "min_length": _(
                "Write at least %(limit_value)d characters (you wrote %(show_value)d): say what "
                "your project is."
            ),
            "max_length": _("Write at most %(limit_value)d characters (you wrote %(show_value)d)."),
        },
        widget=forms.Textarea(attrs={"rows": 8, "dir": "auto"}),
    )

    class Meta:
        model = InvestorMessage
        fields = ["name", "organisation", "email", "phone", "topic", "asset", "message"]
        labels = {
            "name": _("Your name"),
            "organisation": _("Company or organisation"),
            "email": _("Your email address"),
            "asset": _("Site or asset concerned"),
        }
        error_messages = {
            "name": {"required": _("Enter your name.")},
            "email": {
                "required": _("Enter your email address: the answer is sent there."),
                "invalid": _("Enter an email address such as name@example.com."),
            },
            "asset": {"invalid_choice": _("Choose one of the sites of the list.")},
        }
        widgets = {
            "name": forms.TextInput(attrs={"autocomplete": "name", "dir": "auto"}),
            "organisation": forms.TextInput(attrs={"autocomplete": "organization", "dir": "auto"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email", "dir": "ltr"}),
        }

    def __init__(self, *args, asset=None, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("submission", uuid.uuid4())
            if asset is not None:
                self.initial["asset"] = asset.pk
        self.fields["topic"].names = InvestmentTopic.objects.names_in()
        assets = self.fields["asset"]
        assets.queryset = (
            InvestAssetPage.objects.live()
            .filter(locale__language_code=get_language())
            .only("pk", "title")
            .order_by("title")
        )
        assets.empty_label = _("None in particular")

    def _one_line(self, name):
        """A name on one line: it goes into the subject of the staff's email."""
        return " ".join(self.cleaned_data[name].split())

    def clean_name(self):
        return self._one_line("name")

    def clean_organisation(self):
        return self._one_line("organisation")

    def clean_phone(self):
        phone = self.cleaned_data["phone"].strip()
        return normalise_phone(phone) if phone else ""

    @property
    def is_from_a_robot(self):
        """The trap field is filled: a person never sees it."""
        return bool(self.cleaned_data.get("website"))


class AnswerForm(forms.Form):
    text = forms.CharField(
        label=_("Answer to the investor"),
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("Sent by email to the investor, in their language, and kept here."),
    )


class CloseForm(forms.Form):
    reason = forms.CharField(
        label=_("Why it is closed (for the staff only)"),
        max_length=500,
        required=False,
        help_text=_("E.g. a duplicate, an advert, answered by phone."),
    )
