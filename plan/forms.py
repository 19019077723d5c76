"""The plan's forms: a resident's evaluation of a project (online, and at a counter through
plan/counter_acts.py)."""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from plan.models import EvaluationCriterion

SCORES = [(str(n), str(n)) for n in range(1, 6)]


# What each criterion asks, shown under its scores.
CRITERION_HELP = {
    EvaluationCriterion.USEFULNESS: gettext_lazy("Does it answer a real need of residents?"),
    EvaluationCriterion.QUALITY: gettext_lazy("Is the work (or the service) well done?"),
    EvaluationCriterion.PROGRESS: gettext_lazy(
        "Does it move forward as announced, from what you see?"
    ),
    EvaluationCriterion.COMMUNICATION: gettext_lazy("Are residents told what happens and when?"),
}


class EvaluationForm(forms.Form):
    comment = forms.CharField(
        label=gettext_lazy("Comment to the council's team"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
        help_text=gettext_lazy("Optional. Read by the team in charge; not published."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        scores = {
            criterion.value: forms.TypedChoiceField(
                label=criterion.label,
                choices=SCORES,
                coerce=int,
                widget=forms.RadioSelect,
                help_text=CRITERION_HELP[criterion],
                error_messages={"required": _("Give a score from 1 to 5.")},
            )
            for criterion in EvaluationCriterion
        }
        self.fields = {**scores, "comment": self.fields["comment"]}
