"""The StreamField blocks of the invest pages: key figures that always carry their source and
date (an investor must be able to check a figure before relying on it), and the short label /
value facts of an asset. The rest of a page's text uses the site's shared blocks
(cms/blocks.py)."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks


class KeyFigureBlock(blocks.StructBlock):
    label = blocks.CharBlock(label=_("Label"), max_length=80, help_text=_("E.g. “Population”."))
    value = blocks.CharBlock(label=_("Value"), max_length=30, help_text=_("E.g. “1,041,832”."))
    unit = blocks.CharBlock(
        label=_("Unit"), max_length=40, required=False, help_text=_("E.g. “inhabitants”, “km²”.")
    )
    source = blocks.CharBlock(
        label=_("Source"),
        max_length=160,
        help_text=_("Who published the figure, e.g. “HCP, RGPH”."),
    )
    date = blocks.CharBlock(
        label=_("Date of the figure"), max_length=40, help_text=_("The year or date, e.g. “2024”.")
    )
    note = blocks.CharBlock(
        label=_("Note"),
        max_length=200,
        required=False,
        help_text=_("E.g. “Provisional figure”."),
    )

    class Meta:
        icon = "table"
        template = "invest/blocks/key_figure.html"
        label = _("Key figure")


class KeyFactBlock(blocks.StructBlock):
    label = blocks.CharBlock(label=_("Label"), max_length=80, help_text=_("E.g. “Area”."))
    value = blocks.CharBlock(label=_("Value"), max_length=160, help_text=_("E.g. “300 ha”."))

    class Meta:
        icon = "list-ul"
        label = _("Key fact")
