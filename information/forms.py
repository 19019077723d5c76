"""Forms of information requests: the resident's (file, clarify, complain) and the officers'
in the admin (assign, ask, extend, answer, refuse, redirect, answer a complaint, unpublish)."""

import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

from information.models import (
    ComplaintOutcome,
    Delivery,
    Department,
    InformationRequest,
    RefusalGround,
)
from participation.uploads import validate_document

ANSWER_FILES_MAX = 5


class RequestForm(forms.ModelForm):
    # A new key each time the form is shown: the same form sent twice files one request.
    submission = forms.UUIDField(required=False, widget=forms.HiddenInput)

    class Meta:
        model = InformationRequest
        fields = ["subject", "information", "delivery", "urgent", "urgency_reason"]
        widgets = {
            "information": forms.Textarea(attrs={"rows": 7}),
            "delivery": forms.RadioSelect,
            "urgency_reason": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("submission", uuid.uuid4())
        self.fields["delivery"].choices = Delivery.choices
        self.fields["urgency_reason"].help_text = _(
            "Only if urgent: whose life, safety or freedom the information protects, and how."
        )

    def clean(self):
        data = super().clean()
        if data.get("urgent") and not (data.get("urgency_reason") or "").strip():
            self.add_error("urgency_reason", _("Say why the information is urgent."))
        return data


def _text(label, *, rows=4, max_length=4000, required=True, help_text=""):
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=required,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


class ClarifyForm(forms.Form):
    answer = _text(_("Your clarification"))


class ComplaintForm(forms.Form):
    text = _text(
        _("Your complaint"),
        rows=6,
        help_text=_(
            "Say what you contest: the refusal, the partial answer or the missed deadline."
        ),
    )


# --- The officers' forms (admin) --------------------------------------------------------------


class AssignForm(forms.Form):
    department = forms.ModelChoiceField(
        label=_("Department"), queryset=Department.objects.none(), empty_label=None
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = Department.objects.canonical()


class ClarificationForm(forms.Form):
    question = _text(_("What should the requester clarify?"), rows=3, max_length=2000)


class ExtendForm(forms.Form):
    reason = _text(_("Why the period is extended (sent to the requester)"), rows=3, max_length=2000)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files at once, each checked like any document (participation/uploads.py)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "widget", MultipleFileInput(attrs={"accept": ".pdf,image/jpeg,image/png"})
        )
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        uploads = data if isinstance(data, list | tuple) else [data] if data else []
        if len(uploads) > ANSWER_FILES_MAX:
            raise forms.ValidationError(
                _("At most %(count)d files.") % {"count": ANSWER_FILES_MAX}, code="too_many"
            )
        cleaned = []
        for upload in uploads:
            upload = super().clean(upload, initial)
            original_name = upload.name
            upload = validate_document(upload)
            upload.original_name = original_name
            cleaned.append(upload)
        return cleaned


class AnswerForm(forms.Form):
    text = _text(_("Answer"), rows=8, max_length=20000)
    partly = forms.BooleanField(
        label=_("Partial answer"),
        required=False,
        help_text=_("Part of the information is refused: say which and on what ground."),
    )
    files = MultipleFileField(
        label=_("Documents"),
        required=False,
        help_text=_("PDF, JPEG or PNG, up to 10 MB each, at most 5."),
    )


class RefuseForm(forms.Form):
    ground = forms.ModelChoiceField(
        label=_("Legal ground"), queryset=RefusalGround.objects.none(), empty_label=None
    )
    text = _text(_("Explanation for the requester"), rows=4)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ground"].queryset = RefusalGround.objects.canonical()


class RedirectForm(forms.Form):
    body = forms.CharField(label=_("Body that holds the information"), max_length=200)
    text = _text(_("Note for the requester"), rows=3, required=False)


class ComplaintAnswerForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Decision"), choices=ComplaintOutcome.choices, widget=forms.RadioSelect
    )
    text = _text(_("Answer of the head of the commune"), rows=4)


class UnpublishForm(forms.Form):
    reason = _text(_("Why it leaves the register (told to the requester)"), rows=2, max_length=500)
