"""The site's web font, made light for mobile data: IBM Plex Sans Arabic comes as TTF files from
its Python package (about 240 KB a weight); ``manage.py build_fonts`` keeps only the characters
the site writes with (Arabic, Latin for French and English, punctuation and digits), with every
OpenType feature Arabic shaping needs, and compresses them as WOFF2, into ``BUILT_STATIC_DIR``,
which is served as static files. Run by ``dev.py`` and before ``collectstatic`` in production."""

from pathlib import Path

import fontpkg_ibm_plex_sans_arabic
from django.conf import settings
from fontTools import subset

SOURCE_DIR = Path(fontpkg_ibm_plex_sans_arabic.__file__).parent / "files"
# Where built static files go (git ignores it); listed in STATICFILES_DIRS.
OUTPUT_SUBDIR = Path("fonts") / "ibm-plex-sans-arabic"
WEIGHTS = ("Regular", "SemiBold", "Bold")  # the weights site.css uses
UNICODE_RANGES = [
    (0x0020, 0x007E),  # Basic Latin
    (0x00A0, 0x00FF),  # Latin-1: French letters, « », non-breaking space
    (0x0152, 0x0153),  # Œ œ
    (0x0600, 0x06FF),  # Arabic
    (0x0750, 0x077F),  # Arabic Supplement
    (0x08A0, 0x08FF),  # Arabic Extended-A
    (0x2000, 0x206F),  # General Punctuation: dashes, quotes, isolates and marks for bidi text
    (0x20AC, 0x20AC),  # €
    (0x2190, 0x21FF),  # Arrows: a figure's change on a project's history (before ← after)
    (0x2212, 0x2212),  # minus sign
    (0x2713, 0x2717),  # ✓ ✗ of the petition checklist, where the font has them
    (0xFB50, 0xFDFF),  # Arabic Presentation Forms-A
    (0xFE70, 0xFEFF),  # Arabic Presentation Forms-B
]


def web_font_name(weight):
    return f"IBMPlexSansArabic-{weight}.woff2"


def build_web_font(source, target):
    """Subset ``source`` (a TTF) to the site's characters and write it to ``target`` as WOFF2."""
    options = subset.Options()
    options.flavor = "woff2"
    options.layout_features = ["*"]  # init, medi, fina, liga, kern, mark…: Arabic needs them
    options.name_IDs = ["*"]
    options.notdef_outline = True
    options.drop_tables = [*options.drop_tables, "meta"]  # metadata fontTools cannot subset
    font = subset.load_font(str(source), options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(
        unicodes=[code for first, last in UNICODE_RANGES for code in range(first, last + 1)]
    )
    subsetter.subset(font)
    target.parent.mkdir(parents=True, exist_ok=True)
    subset.save_font(font, str(target), options)
    return target


def build_web_fonts(output_dir=None, force=False):
    """Build each weight the site uses, unless a built file is newer than its source and than
    this module (which says what the subset keeps). Returns the paths built."""
    output_dir = Path(output_dir or settings.BUILT_STATIC_DIR) / OUTPUT_SUBDIR
    built = []
    for weight in WEIGHTS:
        source = SOURCE_DIR / f"IBMPlexSansArabic-{weight}.ttf"
        target = output_dir / web_font_name(weight)
        newest_input = max(source.stat().st_mtime, Path(__file__).stat().st_mtime)
        if force or not target.exists() or target.stat().st_mtime < newest_input:
            built.append(build_web_font(source, target))
    return built
