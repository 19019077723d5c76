"""The "Did this page help?" form: yes or no, and an optional comment to the commune's team."""

import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

from procedures.services import COMMENT_MAX_LENGTH

YES, NO = "yes", "no"


class FeedbackForm(forms.Form):
    helpful = forms.ChoiceField(
        label=_("Did this page help you?"),
        choices=[(YES, _("Yes")), (NO, _("No"))],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose “Yes” or “No”.")},
    )
    comment = forms.CharField(
        label=_("A comment to the team"),
        required=False,
        max_length=COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "What was missing or wrong? Only the commune's team reads it; it is not published. "
            "Do not write personal details."
        ),
    )
    # A one-time key per displayed form: sending the same form twice records one answer.
    submission = forms.UUIDField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, earlier=None, **kwargs):
        initial = kwargs.setdefault("initial", {})
        initial.setdefault("submission", uuid.uuid4())
        if earlier is not None:
            initial.setdefault("helpful", YES if earlier.helpful else NO)
            initial.setdefault("comment", earlier.comment)
        super().__init__(*args, **kwargs)

    @property
    def is_helpful(self):
        return self.cleaned_data["helpful"] == YES
