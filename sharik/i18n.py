"""Compiling the project's message catalogs without GNU gettext.

The ``.po`` files under ``locale/`` are the source; the ``.mo`` files Django reads are built from
them by ``manage.py compile_catalogs`` (run by ``dev.py``) with polib, so a machine that has only
Python can run Sharik in Arabic and French.
"""

from pathlib import Path

import polib
from django.conf import settings


def catalog_files():
    for locale_path in settings.LOCALE_PATHS:
        yield from sorted(Path(locale_path).glob("*/LC_MESSAGES/*.po"))


def compile_catalogs():
    """Write each catalog's ``.mo`` when it is missing or older than its ``.po``; return those."""
    compiled = []
    for po_path in catalog_files():
        mo_path = po_path.with_suffix(".mo")
        if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        polib.pofile(str(po_path)).save_as_mofile(str(mo_path))
        compiled.append(mo_path)
    return compiled
