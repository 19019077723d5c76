from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from participation.forms import TranslatedTermChoiceField, map_coordinate
from participation.models import Arrondissement
from participation.uploads import reencode_photo
from proposals.models import (
    WORKFLOW,
    Proposal,
    ProposalCategory,
    ProposalStatus,
    plan_projects,
)


class ProposalForm(forms.ModelForm):
    category = TranslatedTermChoiceField(
        ProposalCategory, label=_("Category"), empty_label=_("Choose a category")
    )
    arrondissement = TranslatedTermChoiceField(
        Arrondissement,
        label=_("Arrondissement"),
        empty_label=_("Choose an arrondissement"),
        help_text=_("Where it would happen. Without JavaScript, this is enough to place it."),
    )
    latitude = map_coordinate(90)
    longitude = map_coordinate(180)
    # "Suggest an idea for this project" on a project of the action plan.
    plan_project = forms.ModelChoiceField(queryset=None, required=False, widget=forms.HiddenInput)

    class Meta:
        model = Proposal
        fields = [
            "title",
            "body",
            "category",
            "tags",
            "arrondissement",
            "latitude",
            "longitude",
            "image",
            "image_description",
            "plan_project",
        ]
        widgets = {
            "body": forms.Textarea(attrs={"rows": 8}),
            "title": forms.TextInput(attrs={"autocomplete": "off", "data-similar-proposals": ""}),
            "image": forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
        }
        help_texts = {
            "title": _("Short and clear, e.g. “Lighting for the Bettana market street”."),
            "image": _("Optional. JPEG, PNG or WebP, up to 5 MB. Its metadata is removed."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan_project"].queryset = plan_projects()

    def clean_plan_project(self):
        project = self.cleaned_data.get("plan_project")
        return project.original if project is not None else None

    def clean_image(self):
        image = self.cleaned_data.get("image")
        if image and hasattr(image, "content_type"):  # a new upload
            return reencode_photo(image)
        return image

    def clean(self):
        cleaned = super().clean()
        if (cleaned.get("latitude") is None) != (cleaned.get("longitude") is None):
            raise forms.ValidationError(_("The place on the map is incomplete; choose it again."))
        return cleaned


class CounterProposalForm(ProposalForm):
    """The online form, as a counter agent types a proposal for a resident: the text, its
    category and its arrondissement (no photo or map point at a counter)."""

    counter_fields = ("title", "body", "category", "arrondissement")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in list(self.fields):
            if name not in self.counter_fields:
                del self.fields[name]
        self.fields["title"].widget.attrs.pop("data-similar-proposals", None)


class CounterSupportForm(forms.Form):
    """A counter agent records the resident's support of the proposal chosen (by its number or
    found by its title), after reading its title to them."""

    confirm = forms.BooleanField(
        label=_("I read the proposal's title to the resident, who wishes to support it."),
        error_messages={"required": _("Confirm that the resident wishes to support it.")},
    )
    # Its name in the error summary (templates/includes/form_errors.html): not the sentence.
    confirm.short_label = _("Support")


class ProposalUpdateForm(forms.Form):
    text = forms.CharField(
        label=_("Your update"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Write the update.")},
    )


class AnswerProposalForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=[])
    text = forms.CharField(
        label=_("The commune's answer (published)"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Write the commune's answer: it is published.")},
    )
    merged_into = forms.ModelChoiceField(
        label=_("Merged into"),
        queryset=Proposal.objects.public(),
        required=False,
    )

    plan_project = forms.ModelChoiceField(
        label=_("Joins the action plan project"),
        queryset=None,
        required=False,
        help_text=_("When the commune takes the idea up in a project of its action plan."),
    )

    def __init__(self, *args, proposal, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan_project"].queryset = plan_projects().filter(
            locale__language_code=settings.LANGUAGE_CODE
        )
        self.fields["status"].choices = [
            (status, ProposalStatus(status).label)
            for status in WORKFLOW.targets(proposal.status, "official")
        ]
        self.fields["merged_into"].queryset = Proposal.objects.public().exclude(pk=proposal.pk)
