"""The receipt of a visit at a counter: what was done for the resident, printed for them to keep,
in Arabic or French (the active language), with the Arabic shaping of the petitions' dossier.

It names the counter, the date, the agent and each action; never the CIN, an address or
anything the resident did not need to be reminded of."""

from django.conf import settings
from django.utils import timezone
from django.utils.translation import get_language, get_language_bidi, gettext

from counters.models import ActionKind
from counters.services import describe_actions
from participation.models import Arrondissement
from participation.text import listed
from petitions.dossier import FONT_FAMILY, LABEL_FILL, DossierDocument, commune_name


class ReceiptDocument(DossierDocument):
    """A4 portrait pages, with the receipt's number and page at their foot."""

    def footer(self):
        text = gettext("Counter receipt %(number)s — page %(page)s") % {
            "number": self.receipt_number,
            "page": self.page_no(),
        }
        self.set_y(-12)
        self.set_font(FONT_FAMILY, size=8)
        self.set_text_color(80)
        self.cell(0, 6, text, align="C")
        self.set_text_color(0)


def receipt_number(visit):
    return f"G-{timezone.localtime(visit.opened_at):%Y%m%d}-{visit.pk}"


def action_lines(visit):
    """``(time, action, detail)`` per action, in the order they were done: each in its own cell,
    so an Arabic petition title keeps its direction in a French receipt. The acts the features
    register (participation/counter_acts.py) are described by their feature: a title, never an
    answer."""
    lines = []
    for action, label, detail in describe_actions(list(visit.actions.select_related("petition"))):
        moment = timezone.localtime(action.created_at).strftime("%H:%M")
        text = str(label)
        if action.kind == ActionKind.PETITION_SIGNED and action.petition is not None:
            text = gettext("Petition signed; your signed slip is filed")
        elif action.kind == ActionKind.IDENTITY_SEEN:
            text = gettext("Identity document seen; no copy kept")
            detail = listed(check.get_document_display() for check in visit.identity_checks.all())
        lines.append((moment, text, detail))
    return lines


def receipt_pdf(visit):
    """The receipt as PDF bytes, in the active language."""
    number = receipt_number(visit)
    pdf = ReceiptDocument(number, get_language_bidi())
    pdf.set_lang(get_language() or settings.LANGUAGE_CODE)
    title = gettext("Receipt of your visit at the counter")
    pdf.set_title(f"{title} — {number}")
    pdf.set_author(commune_name())
    pdf.set_creator("Sharik")
    pdf.set_creation_date(visit.opened_at)
    pdf.add_page(orientation="portrait")

    pdf.paragraph(gettext("Kingdom of Morocco"), style="B", height=5)
    pdf.paragraph(commune_name(), style="B", height=5)
    pdf.ln(4)
    pdf.paragraph(title, size=15, style="B", height=9, align="C")
    pdf.ln(3)

    names = Arrondissement.objects.names_in()
    counter = visit.arrondissement
    particulars = [
        (gettext("Receipt number"), number),
        (gettext("Date"), timezone.localtime(visit.opened_at).strftime("%Y-%m-%d %H:%M")),
        (
            gettext("Counter"),
            gettext("The %(counter)s counter")
            % {"counter": names.get(counter.translation_key, counter.name)},
        ),
        (gettext("Served by"), visit.agent.display_name if visit.agent else "—"),
        (gettext("Resident"), visit.resident.display_name),
    ]
    pdf.set_font(FONT_FAMILY, size=10)
    widths = [pdf.epw * 0.3, pdf.epw * 0.7]
    for label, value in particulars:
        pdf.table_row([(label, "B", LABEL_FILL), (value, "", None)], widths, line_height=5.5)

    pdf.section_heading(gettext("What was done for you"))
    lines = action_lines(visit)
    if not lines:
        pdf.paragraph(gettext("Nothing was recorded during this visit."))
    pdf.set_font(FONT_FAMILY, size=10)
    widths = [pdf.epw * 0.12, pdf.epw * 0.33, pdf.epw * 0.55]
    for moment, text, detail in lines:
        pdf.table_row(
            [(moment, "", None), (text, "B", None), (detail, "", None)], widths, line_height=5.5
        )

    pdf.ln(4)
    pdf.paragraph(
        gettext(
            "Keep this receipt. Your national ID number is recorded encrypted and never shown; "
            "for any question, come back to a counter of the commune."
        ),
        size=9,
    )
    return bytes(pdf.output())
