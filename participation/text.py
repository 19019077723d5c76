"""Words put together for residents and staff in the language they read."""

from django.template.defaultfilters import floatformat
from django.utils.html import format_html_join
from django.utils.translation import gettext, pgettext


def listed(items, isolated=False):
    """``items`` as a list inside a sentence: "الحي الأول، الحي الثاني" in Arabic, "a, b" in
    French, English and Amazigh. The separator is a translated string (Arabic writes its own
    comma, "،"), as Django's ``get_text_list`` translates it; a Latin comma between Arabic
    words reads as a typing slip.

    ``isolated``: for HTML, each item in its own ``<bdi>`` (the result is escaped and safe), so
    that items written the other way round keep their order: in an Arabic sentence, "ⵜⴰⵎⴰⵣⵉⵖⵜ،
    English" unisolated shows English first to a reader going right to left."""
    # Translators: what separates the items of a list inside a sentence ("a, b, c").
    separator = gettext(", ")
    if isolated:
        return format_html_join(separator, "<bdi>{}</bdi>", ((item,) for item in items))
    return separator.join(str(item) for item in items)


def percentage(value, decimals="-1"):
    """``value`` (a number of percent) as the reader's language writes a percentage: "37.5%"
    in English and Arabic, "37,5 %" in French (a no-break space before the sign), without a
    needless decimal ("40%", not "40.0%"); ``decimals`` as ``floatformat``'s argument. One
    place for every page: they wrote "34%" beside "75 %" in French."""
    if value is None or value == "":
        return ""
    # Translators: a percentage; French puts a no-break space (U+00A0) before the sign.
    return pgettext("percentage", "%(number)s%%") % {"number": floatformat(value, decimals)}
