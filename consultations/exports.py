"""Staff exports of a consultation's responses: one row per submitted response, one column per
question. Anonymous: a response number, the date and the arrondissement, never a name, an
address or an account (law 09-08: the council needs the answers, not who gave them).

CSV streams; XLSX is written by openpyxl in write-only mode, row by row, so memory stays flat
whatever the number of responses.
"""

import tempfile

from django.utils import timezone
from django.utils.translation import gettext as _

from consultations.models import Answer, Response
from consultations.questions import OTHER, QuestionKind
from participation.models import Arrondissement
from participation.spreadsheets import csv_lines, spreadsheet_safe

CHUNK = 2000


def headings(questions):
    return [
        _("Response"),
        _("Submitted on"),
        _("Arrondissement"),
        *[f"{question.number}. {question.text}" for question in questions],
    ]


def _cell(question, answers):
    if not answers:
        return ""
    if question.kind == QuestionKind.SCALE:
        return answers[0].number
    if question.is_text:
        return answers[0].text
    if question.kind == QuestionKind.RANKING:
        ranked = sorted(answers, key=lambda answer: answer.position or 0)
        return "; ".join(
            f"{answer.position}. {question.choice_label(answer.choice)}" for answer in ranked
        )
    labels = []
    for answer in answers:
        label = question.choice_label(answer.choice)
        if answer.choice == OTHER and answer.text:
            label = f"{label}: {answer.text}"
        labels.append(label)
    return "; ".join(labels)


def response_rows(consultation, questions):
    """Lists of cells, heading first; responses read in chunks with their answers."""
    yield headings(questions)
    names = Arrondissement.objects.names_in()
    arrondissements = {
        a.pk: names.get(a.translation_key, a.name) for a in Arrondissement.objects.canonical()
    }
    responses = (
        Response.objects.filter(consultation=consultation.original)
        .submitted()
        .values_list("pk", "submitted_at", "arrondissement_id")
    )
    number = 0
    last_pk = 0
    while True:
        chunk = list(responses.filter(pk__gt=last_pk).order_by("pk")[:CHUNK])
        if not chunk:
            break
        last_pk = chunk[-1][0]
        answers = {}
        for answer in Answer.objects.filter(response_id__in=[row[0] for row in chunk]):
            answers.setdefault(answer.response_id, {}).setdefault(answer.question, []).append(
                answer
            )
        for pk, submitted_at, arrondissement_id in chunk:
            number += 1
            given = answers.get(pk, {})
            yield [
                number,
                timezone.localtime(submitted_at).date().isoformat(),
                arrondissements.get(arrondissement_id, ""),
                *[_cell(question, given.get(question.id, [])) for question in questions],
            ]


def responses_csv(consultation, questions):
    return csv_lines(response_rows(consultation, questions))


def responses_xlsx(consultation, questions, right_to_left=False):
    """A temporary file holding the workbook (the caller streams it and it is then deleted)."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=_("Responses")[:31])
    sheet.sheet_view.rightToLeft = right_to_left
    for row in response_rows(consultation, questions):
        sheet.append([spreadsheet_safe(cell) for cell in row])
    output = tempfile.TemporaryFile()  # noqa: SIM115 (the response closes and so deletes it)
    workbook.save(output)
    output.seek(0)
    return output
