"""Checks on what residents write that other residents read."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Unicode's explicit direction controls: embeddings and overrides (U+202A to U+202E) and isolates
# (U+2066 to U+2069). One of them in a display name reverses or swallows the text after it on every
# page the name is shown ("proposed by <name> · 24 November 2026" turned around on an Arabic page).
# Pages isolate names with <bdi> themselves; a name needs none of these.
BIDI_CONTROLS = frozenset(chr(code) for code in (*range(0x202A, 0x202F), *range(0x2066, 0x206A)))


def refuse_bidi_controls(value):
    if any(character in BIDI_CONTROLS for character in value):
        raise ValidationError(
            _(
                "Your name contains invisible characters that change the direction of the text "
                "around it. Please remove them."
            ),
            code="bidi_controls",
        )
