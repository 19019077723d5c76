"""Residents' forms of participatory budgets: an idea for the budget, and the ballot."""

import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

from budgets.models import BudgetProject
from participation.forms import TranslatedTermChoiceField, map_coordinate
from participation.models import Arrondissement
from participation.uploads import reencode_photo


class IdeaForm(forms.ModelForm):
    """A resident's idea. ``submission`` is a new key each time the form is shown: the same
    form sent twice (a double click, a retry) records one idea (budgets/views/ideas.py)."""

    submission = forms.UUIDField(required=False, widget=forms.HiddenInput)
    arrondissement = TranslatedTermChoiceField(
        Arrondissement,
        label=_("Arrondissement"),
        required=False,
        empty_label=_("The whole commune"),
        help_text=_("Where it would happen; its envelope is that arrondissement's."),
    )
    estimated_cost = forms.IntegerField(
        label=_("Estimated cost (MAD)"),
        required=False,
        min_value=1,
        max_value=10**12,
        help_text=_("Your estimate in dirhams, if you have one: the commune costs it officially."),
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    latitude = map_coordinate(90)
    longitude = map_coordinate(180)

    class Meta:
        model = BudgetProject
        fields = [
            "title",
            "description",
            "arrondissement",
            "estimated_cost",
            "latitude",
            "longitude",
            "image",
            "image_description",
        ]
        labels = {
            "title": _("Title"),
            "description": _("Description"),
            "image": _("Photo"),
            "image_description": _("What the photo shows"),
        }
        widgets = {
            "description": forms.Textarea(attrs={"rows": 8}),
            "title": forms.TextInput(attrs={"autocomplete": "off"}),
            "image": forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
        }
        help_texts = {
            "title": _("Short and clear, e.g. “Benches and shade in the Bettana garden”."),
            "image": _("Optional. JPEG, PNG or WebP, up to 5 MB. Its metadata is removed."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("submission", uuid.uuid4())

    def clean_title(self):
        return self.cleaned_data["title"].strip()

    def clean_description(self):
        return self.cleaned_data["description"].strip()

    def clean_image(self):
        image = self.cleaned_data.get("image")
        if image and hasattr(image, "content_type"):  # a new upload
            return reencode_photo(image)
        return image

    def clean(self):
        cleaned = super().clean()
        if (cleaned.get("latitude") is None) != (cleaned.get("longitude") is None):
            raise forms.ValidationError(_("The place on the map is incomplete; choose it again."))
        if cleaned.get("image") and not cleaned.get("image_description", "").strip():
            self.add_error(
                "image_description", _("Say what the photo shows, for people who cannot see it.")
            )
        return cleaned

    def details(self):
        """What ``services.submit_idea`` takes besides the title, description and place."""
        data = self.cleaned_data
        details = {
            "estimated_cost": data.get("estimated_cost"),
            "latitude": data.get("latitude"),
            "longitude": data.get("longitude"),
            "image_description": data.get("image_description", "").strip(),
        }
        if data.get("image"):
            details["image"] = data["image"]
        return details


def chosen_project_ids(data):
    """The project ids a ballot's form sent (``project`` checkboxes), garbage left out."""
    ids = set()
    for value in data.getlist("project")[:500]:
        try:
            number = int(value)
        except (TypeError, ValueError):
            continue
        if 0 < number < 2**63:
            ids.add(number)
    return ids
