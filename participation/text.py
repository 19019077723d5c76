"""Words put together for residents and staff in the language they read."""

from django.utils.translation import gettext


def listed(items):
    """``items`` as a list inside a sentence: "الحي الأول، الحي الثاني" in Arabic, "a, b" in
    French, English and Amazigh. The separator is a translated string (Arabic writes its own
    comma, "،"), as Django's ``get_text_list`` translates it; a Latin comma between Arabic
    words reads as a typing slip."""
    # Translators: what separates the items of a list inside a sentence ("a, b, c").
    return gettext(", ").join(str(item) for item in items)
