"""The official dossier of a filed petition (organic law 113-14, decree 2-16-403).

Filing generates it: the petition's text and the list of its signatories with the details the law
requires, dated and numbered with the receipt, as a PDF to print and a CSV to check. Only
officials download it; the views check who may and record each download in the audit log. These
functions only read: the dossier always shows the petition as it was filed.

Everything is written in the active language (the views use Arabic unless asked otherwise). The
PDF's columns and alignment run right to left in Arabic; HarfBuzz shapes the Arabic script, and
each text keeps its own direction: a Latin name or a CIN in an Arabic dossier, an Arabic address
in a French one.
"""

import unicodedata
from pathlib import Path

import fontpkg_ibm_plex_sans_arabic
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.text import capfirst
from django.utils.translation import get_language, get_language_bidi, gettext
from fpdf import FPDF

from participation.models import Arrondissement, IdentityDeclaration
from participation.national_id import decrypt_cin
from participation.spreadsheets import csv_lines
from petitions.models import CouncilCompetence, Organisation, Petition, PetitionKind, Signature

FONT_DIRECTORY = Path(fontpkg_ibm_plex_sans_arabic.__file__).parent / "files"
FONT_FAMILY = "IBMPlexSansArabic"

# The signatories' columns, in reading order: (key of signatory_rows(), relative PDF width).
SIGNATORY_COLUMNS = [
    ("number", 5),
    ("full_name", 20),
    ("cin", 11),
    ("address", 25),
    ("arrondissement", 12),
    ("electoral_roll", 10),
    ("signed_at", 11),
    ("signed_where", 13),
]


# A spreadsheet runs a cell that starts with one of these as a formula: a signatory's name or
# address must never do that on an official's computer.
def signatory_column_headings():
    return {
        "number": gettext("No."),
        "full_name": gettext("Full name"),
        "cin": gettext("National ID card (CIN)"),
        "address": gettext("Address or activity in the commune"),
        "arrondissement": gettext("Arrondissement"),
        "electoral_roll": gettext("On the electoral rolls (declared)"),
        "signed_at": gettext("Signed at"),
        "signed_where": gettext("Signed where"),
    }


def format_moment(moment):
    """A date and time in the commune's time zone, written the same in every language."""
    if moment is None:
        return "—"
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


def field_label(model, name):
    """A field's own name, as forms and the admin show it."""
    return capfirst(model._meta.get_field(name).verbose_name)


def commune_name():
    """As in the site's header (templates/base.html)."""
    return settings.SHARIK_COMMUNE_NAME or gettext("Commune of Salé")


def signatory_rows(petition):
    """One dict per signature, in signing order, numbered from 1, with what the signatory
    declared when signing (the CIN decrypted). Streams from the database, 500 rows at a time."""
    arrondissement_names = Arrondissement.objects.names_in()
    yes, no = gettext("Yes"), gettext("No")
    signatures = (
        Signature.objects.filter(petition=petition)
        .select_related("arrondissement", "at_counter")
        .order_by("created_at", "pk")
    )
    online = gettext("Online")
    for number, signature in enumerate(signatures.iterator(chunk_size=500), start=1):
        arrondissement = signature.arrondissement
        yield {
            "number": number,
            "full_name": signature.full_name,
            "cin": decrypt_cin(signature.cin_encrypted),
            "address": signature.address or signature.activity,
            "arrondissement": (
                arrondissement_names.get(arrondissement.translation_key, arrondissement.name)
                if arrondissement is not None
                else ""
            ),
            "electoral_roll": yes if signature.on_electoral_roll else no,
            "signed_at": format_moment(signature.created_at),
            "signed_where": (
                signed_at_counter(signature.at_counter, arrondissement_names)
                if signature.at_counter_id
                else online
            ),
        }


def signed_at_counter(counter, arrondissement_names=None):
    """Where a counter agent recorded a signature: "Signed at the Tabriquet counter"."""
    names = arrondissement_names or Arrondissement.objects.names_in()
    return gettext("Signed at the %(counter)s counter") % {
        "counter": names.get(counter.translation_key, counter.name)
    }


def counter_signature_count(petition):
    """How many of the petition's signatures counter agents recorded (counted apart)."""
    return Signature.objects.filter(petition=petition, at_counter__isnull=False).count()


def mandataire_name(petition):
    """The name on the mandataire's identity declaration, or their display name without one."""
    declared = (
        IdentityDeclaration.objects.filter(user_id=petition.mandataire_id)
        .values_list("full_name", flat=True)
        .first()
    )
    return declared or str(petition.mandataire.public_name)


def petition_particulars(petition, generated_at):
    """The short labelled facts printed above the petition's text: (label, value) pairs."""
    particulars = [
        (field_label(Petition, "receipt_number"), petition.receipt_number or "—"),
        (field_label(Petition, "filed_at"), format_moment(petition.filed_at)),
        (gettext("Dossier generated at"), format_moment(generated_at)),
        (field_label(Petition, "kind"), petition.get_kind_display()),
        (field_label(Petition, "mandataire"), mandataire_name(petition)),
    ]
    organisation = petition.organisation
    if petition.kind == PetitionKind.ASSOCIATION and organisation is not None:
        particulars += [
            (field_label(Organisation, "name"), organisation.name),
            (
                field_label(Organisation, "registration_reference"),
                organisation.registration_reference,
            ),
            (field_label(Organisation, "seat_address"), organisation.seat_address),
        ]
    competence = petition.competence
    arrondissement_names = Arrondissement.objects.names_in()
    separator = "، " if get_language_bidi() else ", "
    particulars += [
        (
            field_label(Petition, "competence"),
            CouncilCompetence.objects.names_in().get(competence.translation_key, competence.name),
        ),
        (
            field_label(Petition, "arrondissements"),
            separator.join(
                arrondissement_names.get(arrondissement.translation_key, arrondissement.name)
                for arrondissement in petition.arrondissements.all()
            ),
        ),
    ]
    if petition.needs_signatures:
        particulars += [
            (gettext("Number of signatures"), str(petition.signature_count)),
            (gettext("Of which recorded at a counter"), str(counter_signature_count(petition))),
        ]
    return particulars


# --- CSV ------------------------------------------------------------------------------------------


def dossier_csv(petition, generated_at=None):
    """The dossier as CSV chunks for a StreamingHttpResponse: a byte order mark (so spreadsheets
    read UTF-8 Arabic), the petition's particulars, a blank row, then the signatories."""
    generated_at = generated_at or timezone.now()
    header = [
        (field_label(Petition, "receipt_number"), petition.receipt_number or ""),
        (field_label(Petition, "filed_at"), format_moment(petition.filed_at)),
        (field_label(Petition, "title"), petition.title),
        (field_label(Petition, "question"), petition.question),
        (gettext("Number of signatures"), str(petition.signature_count)),
        (gettext("Dossier generated at"), format_moment(generated_at)),
    ]
    headings = signatory_column_headings()

    def rows():
        yield from ([label, value] for label, value in header)
        yield []
        yield [headings[key] for key, _width in SIGNATORY_COLUMNS]
        for row in signatory_rows(petition):
            yield [row[key] for key, _width in SIGNATORY_COLUMNS]

    return csv_lines(rows())


# --- PDF ------------------------------------------------------------------------------------------


def reads_right_to_left(text):
    """Whether the text's first letter is of a right-to-left script (Unicode bidi rule P2)."""
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind in {"R", "AL"}:
            return True
        if kind == "L":
            return False
    return False


PAGE_TOTAL_ALIAS = "{nb}"
GRID_GREY = 150
HEADING_FILL = (230, 234, 240)
LABEL_FILL = (243, 245, 248)


class DossierDocument(FPDF):
    """Landscape A4 pages, each with the receipt number and "page X of Y" at its foot, and the
    few ways the dossier writes: paragraphs, and table rows that wrap and repeat headings.

    Table cells are laid out here rather than with ``FPDF.table()``: its line breaking shapes the
    text again for every character, which takes minutes for ten thousand signatories.
    """

    def __init__(self, receipt_number, right_to_left):
        super().__init__(orientation="landscape", unit="mm", format="A4")
        self.receipt_number = receipt_number
        self.right_to_left = right_to_left
        self.start_align = "R" if right_to_left else "L"
        self.set_margins(12, 12, 12)
        self.set_auto_page_break(True, margin=16)
        self.add_font(FONT_FAMILY, "", FONT_DIRECTORY / "IBMPlexSansArabic-Regular.ttf")
        self.add_font(FONT_FAMILY, "B", FONT_DIRECTORY / "IBMPlexSansArabic-Bold.ttf")
        self.set_font(FONT_FAMILY, size=10)
        self.set_draw_color(GRID_GREY)
        self.set_line_width(0.2)
        self.shape_text(True)

    def shape_text(self, enabled):
        """HarfBuzz joins Arabic letters. Each paragraph takes the direction of its first letter,
        as ``dir="auto"`` does in a browser: an Arabic address in a French dossier reads right to
        left, a Latin name in an Arabic one left to right; the columns and alignment follow the
        dossier's language."""
        if enabled:
            self.set_text_shaping(True)
        else:
            self.set_text_shaping(False)

    # The total of pages is substituted when the document is closed, in whatever text was written
    # while the alias was set: set it for the footer only, so a petition whose text happens to
    # contain "{nb}" is printed as written.
    def header(self):
        self.alias_nb_pages(None)

    def footer(self):
        text = gettext("Receipt %(number)s — page %(page)s of %(pages)s") % {
            "number": self.receipt_number or "—",
            "page": self.page_no(),
            "pages": PAGE_TOTAL_ALIAS,
        }
        # The total takes a space reserved at the end of the sentence: pack it against the words.
        self.alias_nb_pages(PAGE_TOTAL_ALIAS, align="R" if reads_right_to_left(text) else "L")
        self.set_y(-12)
        self.set_font(FONT_FAMILY, size=8)
        self.set_text_color(80)
        self.cell(0, 6, text, align="C")
        self.set_text_color(0)

    def paragraph(self, text, size=10, style="", height=5.5, align=None):
        """Text across the page, one paragraph per line of the text, wrapped and continued on
        the next page as needed."""
        self.set_font(FONT_FAMILY, style, size)
        for line in text.splitlines() or [""]:
            if not line.strip():
                self.ln(height / 2)
                continue
            self.multi_cell(
                0, height, line, align=align or self.start_align, new_x="LMARGIN", new_y="NEXT"
            )

    def section_heading(self, text):
        self.ln(2)
        self.paragraph(text, size=11.5, style="B", height=7)

    def in_reading_order(self, cells):
        """Cells are placed from the left: reverse them for a right-to-left language."""
        return list(reversed(cells)) if self.right_to_left else list(cells)

    def fits(self, text, width):
        """Whether the text fits the width as it will be written. Text with Arabic letters is
        first measured before shaping, ten times faster, which is enough for most cells: Arabic
        letters joined are narrower than alone."""
        self.shape_text(False)
        unshaped = self.get_string_width(text)
        self.shape_text(True)
        if text.isascii():  # written without shaping (write_line): this is its width
            return unshaped <= width
        return unshaped * 1.02 <= width or self.get_string_width(text) <= width

    def wrap(self, text, width):
        """Break the text into lines that fit the width, between words (inside a word too long
        for a line). Lines stay in logical order; each is laid out in its own direction."""
        if self.fits(text, width):
            return [text]
        lines, current = [], ""
        for word in text.split():
            candidate = f"{current} {word}" if current else word
            if self.fits(candidate, width):
                current = candidate
                continue
            if current:
                lines.append(current)
            current = word
            while len(current) > 1 and not self.fits(current, width):
                cut = self.longest_fitting_prefix(current, width)
                lines.append(current[:cut])
                current = current[cut:]
        if current:
            lines.append(current)
        return lines or [""]

    def longest_fitting_prefix(self, word, width):
        """How many characters of the word fit the width (at least one), by bisection."""
        low, high = 1, len(word)
        while low < high:
            middle = (low + high + 1) // 2
            if self.fits(word[:middle], width):
                low = middle
            else:
                high = middle - 1
        return low

    def write_line(self, width, height, text, align):
        """One line in a cell. Text in Latin letters and digits only is written as typed, left to
        right, without the shaping engine: a date, a CIN or a Latin name reads the same and is
        written ten times faster."""
        if text.isascii():
            self.shape_text(False)
            self.cell(width, height, text, align=align)
            self.shape_text(True)
        else:
            self.cell(width, height, text, align=align)

    def table_row(self, cells, widths, *, line_height, padding=1.0, repeat_headings=None):
        """A row of bordered cells, in reading order: ``cells`` are (text, style, fill colour)
        and ``widths`` in millimetres. A row that does not fit goes to the next page, after the
        headings ``repeat_headings()`` writes there."""
        inner = [width - 2 * self.c_margin for width in widths]
        lines = []
        for (text, style, _fill), width in zip(cells, inner, strict=True):
            self.set_font(FONT_FAMILY, style, self.font_size_pt)
            lines.append(self.wrap(" ".join(str(text).split()), width))
        height = max(len(cell_lines) for cell_lines in lines) * line_height + 2 * padding
        if self.y + height > self.page_break_trigger:
            self.add_page()
            if repeat_headings is not None:
                repeat_headings()
        top = self.y
        x = self.l_margin
        placed = self.in_reading_order(list(zip(cells, widths, lines, strict=True)))
        for (_text, style, fill), width, cell_lines in placed:
            if fill is not None:
                self.set_fill_color(*fill)
            self.rect(x, top, width, height, style="DF" if fill is not None else "D")
            self.set_font(FONT_FAMILY, style, self.font_size_pt)
            for index, line in enumerate(cell_lines):
                self.set_xy(x, top + padding + index * line_height)
                self.write_line(width, line_height, line, self.start_align)
            x += width
        self.set_xy(self.l_margin, top + height)


def dossier_pdf(petition, generated_at=None):
    """The dossier as PDF bytes: the petition's particulars and text, then its signatories in a
    table whose headings repeat on every page."""
    generated_at = generated_at or timezone.now()
    pdf = DossierDocument(petition.receipt_number, get_language_bidi())
    pdf.set_lang(get_language() or settings.LANGUAGE_CODE)
    title = gettext("Petition to the communal council — organic law 113-14")
    pdf.set_title(f"{title} — {petition.receipt_number or ''}")
    pdf.set_author(commune_name())
    pdf.set_creator("Sharik")
    pdf.set_creation_date(generated_at)

    pdf.add_page()
    pdf.paragraph(gettext("Kingdom of Morocco"), style="B", height=5)
    pdf.paragraph(commune_name(), style="B", height=5)
    pdf.ln(4)
    pdf.paragraph(title, size=15, style="B", height=9, align="C")
    pdf.ln(3)
    write_particulars(pdf, petition_particulars(petition, generated_at))

    for name, style in [("title", "B"), ("question", ""), ("reasons", "")]:
        pdf.section_heading(field_label(Petition, name))
        pdf.paragraph(getattr(petition, name), style=style)

    if petition.needs_signatures:
        pdf.add_page()
        pdf.section_heading(
            gettext("List of signatories (%(count)s)") % {"count": petition.signature_count}
        )
        pdf.ln(1)
        write_signatories(pdf, signatory_rows(petition))
    return bytes(pdf.output())


def write_particulars(pdf, particulars):
    pdf.set_font(FONT_FAMILY, size=10)
    widths = [pdf.epw * 0.25, pdf.epw * 0.75]
    for label, value in particulars:
        pdf.table_row([(label, "B", LABEL_FILL), (value, "", None)], widths, line_height=5.5)


def write_signatories(pdf, rows):
    headings = signatory_column_headings()
    total = sum(width for _key, width in SIGNATORY_COLUMNS)
    widths = [pdf.epw * width / total for _key, width in SIGNATORY_COLUMNS]
    heading_cells = [(headings[key], "B", HEADING_FILL) for key, _width in SIGNATORY_COLUMNS]

    def write_headings():
        pdf.set_font(FONT_FAMILY, size=8.5)
        pdf.table_row(heading_cells, widths, line_height=4.4)

    write_headings()
    for signatory in rows:
        pdf.table_row(
            [(signatory[key], "", None) for key, _width in SIGNATORY_COLUMNS],
            widths,
            line_height=4.4,
            repeat_headings=write_headings,
        )


def store_dossier(petition):
    """The official PDF, dated at the filing and generated in Arabic (the council's language),
    saved in private storage. Returns the stored file's name; built once per petition."""
    if petition.dossier_file:
        return petition.dossier_file.name
    with translation.override(settings.LANGUAGE_CODE):
        content = dossier_pdf(petition, generated_at=petition.filed_at)
    with transaction.atomic():
        locked = Petition.objects.select_for_update().get(pk=petition.pk)
        if not locked.dossier_file:
            locked.dossier_file.save(
                f"dossier-{petition.receipt_number}.pdf", ContentFile(content), save=False
            )
            Petition.objects.filter(pk=petition.pk).update(dossier_file=locked.dossier_file.name)
        petition.dossier_file = locked.dossier_file
    return petition.dossier_file.name
