"""The questionnaire as a form residents fill in, saved as they go.

Fields are built from the page's questions. Required answers are checked in ``clean()`` and only
when the participant submits: a draft saves whatever is valid so far, and an answer that is not
valid yet (an unfinished ranking, say) is reported without touching what was saved before.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from consultations.models import Answer
from consultations.questions import OTHER, SCALE, QuestionKind
from participation.forms import TranslatedTermChoiceField
from participation.models import Arrondissement

SHORT_TEXT_MAX = 300
LONG_TEXT_MAX = 5000
OTHER_TEXT_MAX = 200


def field_name(question, suffix=""):
    return f"q-{question.id}{'-' + suffix if suffix else ''}"


class QuestionnaireForm(forms.Form):
    def __init__(self, questions, *args, stored=None, submitting=False, **kwargs):
        """``stored``: the participant's saved answers by question id, shown as initial values."""
        self.questions = questions
        self.submitting = submitting
        super().__init__(*args, **kwargs)
        stored = stored or {}
        for question in questions:
            self._add_fields(question, stored.get(question.id, []))
        for form_field in self.fields.values():
            # Required answers are marked on the question, and checked only on submission.
            form_field.hide_optional = True

    # --- Building ----------------------------------------------------------------------------
    def _add_fields(self, question, saved):
        name = field_name(question)
        common = {"label": question.text, "help_text": question.help_text, "required": False}
        if question.kind == QuestionKind.RANKING:
            ranks = [("", "—")] + [(str(n), str(n)) for n in range(1, len(question.choices) + 1)]
            positions = {answer.choice: answer.position for answer in saved}
            for choice in question.choices:
                self.fields[field_name(question, choice.id)] = forms.TypedChoiceField(
                    label=choice.label,
                    choices=ranks,
                    coerce=int,
                    empty_value=None,
                    required=False,
                    initial=positions.get(choice.id),
                )
            return
        if question.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
            choices = [(choice.id, choice.label) for choice in question.choices]
            if question.allow_other:
                choices.append((OTHER, _("Other (say which)")))
            chosen = [answer.choice for answer in saved]
            if question.kind == QuestionKind.SINGLE:
                self.fields[name] = forms.ChoiceField(
                    choices=choices,
                    widget=forms.RadioSelect,
                    initial=chosen[0] if chosen else None,
                    **common,
                )
            else:
                self.fields[name] = forms.MultipleChoiceField(
                    choices=choices, widget=forms.CheckboxSelectMultiple, initial=chosen, **common
                )
            if question.allow_other:
                other = next((answer.text for answer in saved if answer.choice == OTHER), "")
                self.fields[field_name(question, OTHER)] = forms.CharField(
                    label=_("Other: which?"),
                    max_length=OTHER_TEXT_MAX,
                    required=False,
                    initial=other,
                    widget=forms.TextInput(attrs={"dir": "auto"}),
                )
            return
        if question.kind == QuestionKind.SCALE:
            choices = [(str(n), str(n)) for n in SCALE]
            self.fields[name] = forms.TypedChoiceField(
                choices=choices,
                coerce=int,
                empty_value=None,
                widget=forms.RadioSelect,
                initial=saved[0].number if saved else None,
                **common,
            )
            return
        long = question.kind == QuestionKind.LONG_TEXT
        self.fields[name] = forms.CharField(
            max_length=LONG_TEXT_MAX if long else SHORT_TEXT_MAX,
            widget=forms.Textarea(attrs={"rows": 5, "dir": "auto"})
            if long
            else forms.TextInput(attrs={"dir": "auto"}),
            initial=saved[0].text if saved else "",
            **common,
        )

    # --- Reading -----------------------------------------------------------------------------
    def _chosen(self, question):
        """The choices ticked for ``question``: in this submission (valid or not), or saved."""
        value = self[field_name(question)].value()
        return set(value) if isinstance(value, list | tuple) else {value} if value else set()

    def is_shown(self, question):
        """A conditional question is shown when the choice it depends on is ticked."""
        if question.condition is None:
            return True
        depends_on, choice = question.condition
        earlier = next((q for q in self.questions if q.id == depends_on), None)
        if earlier is None:
            return True
        return self.is_shown(earlier) and choice in self._chosen(earlier)

    def clean(self):
        cleaned = super().clean()
        for question in self.questions:
            if not self.is_shown(question):
                continue
            if question.kind == QuestionKind.RANKING:
                self._clean_ranking(question, cleaned)
                continue
            name = field_name(question)
            if name in self.errors:
                continue
            value = cleaned.get(name)
            chosen = value if isinstance(value, list) else [value] if value else []
            if (
                question.allow_other
                and OTHER in chosen
                and not (cleaned.get(field_name(question, OTHER)) or "").strip()
                and field_name(question, OTHER) not in self.errors
            ):
                self.add_error(field_name(question, OTHER), _("Say what “other” is."))
            if (
                self.submitting
                and question.required
                and not chosen
                and not (isinstance(value, int) and value)
            ):
                self.add_error(name, _("This question needs an answer."))
        return cleaned

    def _clean_ranking(self, question, cleaned):
        names = [field_name(question, choice.id) for choice in question.choices]
        if any(name in self.errors for name in names):
            return
        positions = [cleaned.get(name) for name in names]
        given = [position for position in positions if position]
        first = names[0]
        if given and len(given) < len(positions):
            self.add_error(first, _("Rank every item, or none of them."))
        elif len(set(given)) < len(given):
            self.add_error(first, _("Give each item a different rank."))
        elif self.submitting and question.required and not given:
            self.add_error(first, _("This question needs an answer."))

    def question_errors(self, question):
        """Every error about ``question``, whatever field of it they are on."""
        errors = []
        for name in self.field_names(question):
            errors.extend(self.errors.get(name, []))
        return errors

    def field_names(self, question):
        if question.kind == QuestionKind.RANKING:
            return [field_name(question, choice.id) for choice in question.choices]
        names = [field_name(question)]
        if question.allow_other:
            names.append(field_name(question, OTHER))
        return names

    def answers(self):
        """Question id → the Answer rows to store, for every question whose answer is valid
        (an empty list clears an answer). Questions with an error are left out: what was saved
        before stays."""
        result = {}
        cleaned = getattr(self, "cleaned_data", {})
        for question in self.questions:
            if any(name in self.errors for name in self.field_names(question)):
                continue
            if not self.is_shown(question):
                result[question.id] = []  # a hidden question keeps no answer
                continue
            result[question.id] = self._rows(question, cleaned)
        return result

    def _rows(self, question, cleaned):
        name = field_name(question)
        if question.kind == QuestionKind.RANKING:
            return [
                Answer(question=question.id, choice=choice.id, position=position)
                for choice in question.choices
                if (position := cleaned.get(field_name(question, choice.id)))
            ]
        if question.kind == QuestionKind.SCALE:
            number = cleaned.get(name)
            return [Answer(question=question.id, number=number)] if number else []
        if question.is_text:
            text = (cleaned.get(name) or "").strip()
            return [Answer(question=question.id, text=text)] if text else []
        value = cleaned.get(name)
        chosen = value if isinstance(value, list) else [value] if value else []
        other_text = (cleaned.get(field_name(question, OTHER)) or "").strip()
        return [
            Answer(question=question.id, choice=choice, text=other_text if choice == OTHER else "")
            for choice in chosen
        ]

    def bound_questions(self):
        """(question, its bound fields, its errors, shown?) for the template."""
        for question in self.questions:
            yield {
                "question": question,
                "fields": [self[name] for name in self.field_names(question)],
                "errors": self.question_errors(question),
                "shown": self.is_shown(question),
            }


class ParticipateByEmailForm(forms.Form):
    email = forms.EmailField(
        label=_("Your email address"),
        help_text=_(
            "We send you a link to answer. Your address is used for nothing else and is never "
            "shown or exported."
        ),
    )
    arrondissement = TranslatedTermChoiceField(
        Arrondissement,
        label=_("Your arrondissement"),
        required=False,
        help_text=_("Optional: results are also shown by arrondissement."),
    )


class QuoteForm(forms.Form):
    answer = forms.IntegerField()
    action = forms.ChoiceField(choices=[("publish", "publish"), ("withdraw", "withdraw")])
