"""The questionnaire editors build in the admin, and the questions residents answer.

Editors compose a questionnaire from StreamField blocks, one block type per kind of question.
Every question and every choice keeps the id Wagtail gives its block, and a page's translations
are copies that keep those ids: an answer is stored against ids, never against wording, so the
Arabic and French versions of a consultation collect one set of responses, and correcting a typo
in a choice does not orphan the answers already given.
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks

OTHER = "other"  # the choice id of "Other (say which)"
SCALE = range(1, 6)  # scale questions: 1 to 5


class QuestionKind:
    SINGLE = "single_choice"
    MULTIPLE = "multiple_choice"
    RANKING = "ranking"
    SCALE = "scale"
    SHORT_TEXT = "short_text"
    LONG_TEXT = "long_text"

    CHOICES = (SINGLE, MULTIPLE, RANKING)
    TEXT = (SHORT_TEXT, LONG_TEXT)


class QuestionBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Question"), max_length=300)
    help_text = blocks.CharBlock(label=_("Help text"), max_length=500, required=False)
    required = blocks.BooleanBlock(label=_("An answer is required"), required=False)
    show_if = blocks.CharBlock(
        label=_("Show only if an earlier answer is"),
        max_length=200,
        required=False,
        help_text=_(
            "Optional: the exact wording of a choice of an earlier question. The question is "
            "shown only to those who chose it."
        ),
    )

    class Meta:
        icon = "help"


class ChoiceQuestionBlock(QuestionBlock):
    choices = blocks.ListBlock(
        blocks.CharBlock(label=_("Choice"), max_length=200), label=_("Choices"), min_num=2
    )
    allow_other = blocks.BooleanBlock(
        label=_("Offer “Other (say which)”"), required=False, default=False
    )


class RankingQuestionBlock(QuestionBlock):
    choices = blocks.ListBlock(
        blocks.CharBlock(label=_("Item to rank"), max_length=200),
        label=_("Items to rank"),
        min_num=2,
        max_num=10,
    )


class ScaleQuestionBlock(QuestionBlock):
    low_label = blocks.CharBlock(label=_("Meaning of 1"), max_length=60, required=False)
    high_label = blocks.CharBlock(label=_("Meaning of 5"), max_length=60, required=False)


class QuestionnaireBlock(blocks.StreamBlock):
    single_choice = ChoiceQuestionBlock(label=_("Single choice"), icon="radio-full")
    multiple_choice = ChoiceQuestionBlock(label=_("Multiple choice"), icon="tasks")
    ranking = RankingQuestionBlock(label=_("Ranking"), icon="order")
    scale = ScaleQuestionBlock(label=_("Scale from 1 to 5"), icon="pick")
    short_text = QuestionBlock(label=_("Short text"), icon="pilcrow")
    long_text = QuestionBlock(label=_("Long text"), icon="doc-full")

    class Meta:
        label = _("Questionnaire")

    def clean(self, value):
        value = super().clean(value)
        earlier_choices = set()
        errors = {}
        for index, child in enumerate(value):
            condition = (child.value.get("show_if") or "").strip()
            if condition and condition not in earlier_choices:
                errors[index] = blocks.StructBlockValidationError(
                    block_errors={
                        "show_if": ValidationError(
                            _("No earlier question offers the choice “%(choice)s”.")
                            % {"choice": condition}
                        )
                    }
                )
            if child.block_type in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
                earlier_choices.update(str(choice).strip() for choice in child.value["choices"])
        if errors:
            raise blocks.StreamBlockValidationError(block_errors=errors)
        return value


@dataclass(frozen=True)
class Choice:
    id: str
    label: str


@dataclass
class Question:
    """One question as residents see it, read from the questionnaire's stream."""

    id: str
    kind: str
    number: int
    text: str
    help_text: str = ""
    required: bool = False
    choices: list = field(default_factory=list)
    allow_other: bool = False
    low_label: str = ""
    high_label: str = ""
    # (question id, choice id) this question depends on, if any.
    condition: tuple | None = None
    condition_label: str = ""

    @property
    def is_choice(self):
        return self.kind in QuestionKind.CHOICES

    @property
    def is_text(self):
        return self.kind in QuestionKind.TEXT

    def choice_label(self, choice_id):
        if choice_id == OTHER:
            return str(_("Other"))
        return next((choice.label for choice in self.choices if choice.id == choice_id), "")


def read_questions(questionnaire):
    """The questions of a questionnaire stream, numbered, with their conditions resolved."""
    questions = []
    choice_index = {}  # choice wording → (question id, choice id), earliest question first
    for child in questionnaire:
        value = child.value
        question = Question(
            id=str(child.id),
            kind=child.block_type,
            number=len(questions) + 1,
            text=value.get("text", ""),
            help_text=value.get("help_text", ""),
            required=bool(value.get("required")),
        )
        if "choices" in value:
            question.choices = [
                Choice(id=str(item.id), label=str(item.value))
                for item in value["choices"].bound_blocks
            ]
        question.allow_other = bool(value.get("allow_other")) and question.kind != "ranking"
        question.low_label = value.get("low_label", "") or ""
        question.high_label = value.get("high_label", "") or ""
        condition = (value.get("show_if") or "").strip()
        if condition in choice_index:
            question.condition = choice_index[condition]
            question.condition_label = condition
        if question.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
            for choice in question.choices:
                choice_index.setdefault(choice.label.strip(), (question.id, choice.id))
        questions.append(question)
    return questions
