"""The sheet a counter agent prints with a resident's one-time log-in code, in Arabic or French
(the active language), laid out as the visit's receipt (counters/receipt.py, with the Arabic
shaping of the petitions' dossier).

It holds the code, the address of the code page, until when the code works and how to use it.
It is made once, when the code is issued, and never kept: the code is nowhere else in plain.
"""

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, get_language_bidi, gettext

from participation.models import Arrondissement
from petitions.dossier import FONT_FAMILY, LABEL_FILL, DossierDocument, commune_name


class LoginCodeDocument(DossierDocument):
    """An A4 portrait page without the dossier's footer (a sheet has no receipt number)."""

    def footer(self):
        pass


def code_page_address():
    """The code page's full address, in the active language."""
    return f"{settings.SHARIK_SITE_URL}{reverse('login_code')}"


def login_code_pdf(visit, issued):
    """The sheet as PDF bytes, in the active language, for ``issued`` (``IssuedCode``)."""
    pdf = LoginCodeDocument(None, get_language_bidi())
    pdf.set_lang(get_language() or settings.LANGUAGE_CODE)
    title = gettext("Your code to log in")
    pdf.set_title(title)
    pdf.set_author(commune_name())
    pdf.set_creator("Sharik")
    pdf.add_page(orientation="portrait")

    pdf.paragraph(gettext("Kingdom of Morocco"), style="B", height=5)
    pdf.paragraph(commune_name(), style="B", height=5)
    pdf.ln(4)
    pdf.paragraph(title, size=15, style="B", height=9, align="C")
    pdf.ln(2)
    # The code alone on its line, large, in its own (left-to-right) direction.
    pdf.paragraph(issued.code, size=26, style="B", height=16, align="C")
    pdf.ln(2)

    names = Arrondissement.objects.names_in()
    counter = visit.arrondissement
    expires = timezone.localtime(issued.expires_at).strftime("%Y-%m-%d %H:%M")
    particulars = [
        (gettext("Resident"), visit.resident.display_name),
        (gettext("Where to type it"), code_page_address()),
        (gettext("Valid until"), expires),
        (
            gettext("Counter"),
            gettext("The %(counter)s counter")
            % {"counter": names.get(counter.translation_key, counter.name)},
        ),
    ]
    pdf.set_font(FONT_FAMILY, size=10)
    widths = [pdf.epw * 0.3, pdf.epw * 0.7]
    for label, value in particulars:
        pdf.table_row([(label, "B", LABEL_FILL), (value, "", None)], widths, line_height=5.5)

    pdf.section_heading(gettext("How to use it"))
    for text in [
        gettext(
            "Open the address above, or the site's log-in page and then “I have a code from the "
            "counter”, and type the code. Small letters, spaces and dashes do not matter."
        ),
        gettext(
            "The code works once, until %(date)s. To log in again later, on another phone or "
            "computer, ask a counter of the commune for a new code: it replaces this one."
        )
        % {"date": expires},
        gettext(
            "Keep it to yourself: whoever has it can enter your account. No one from the "
            "commune will ask you for it."
        ),
    ]:
        pdf.paragraph(text, size=10)
        pdf.ln(1)
    return bytes(pdf.output())
