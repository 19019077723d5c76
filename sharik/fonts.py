"""The site's web font, made light for mobile data: IBM Plex Sans Arabic comes as TTF files from
its Python package (about 240 KB a weight); ``manage.py build_fonts`` keeps only the characters
the site writes with, in two files a weight (Arabic; Latin for French and English, punctuation
and digits), with every OpenType feature Arabic shaping needs, and compresses them as WOFF2, into
``BUILT_STATIC_DIR``, which is served as static files. Run by ``dev.py`` and before
``collectstatic`` in production.

Amazigh pages (``/zgh/``) are written in Tifinagh, which IBM Plex Sans Arabic does not draw: the
Tifinagh web font is built here too, from DejaVu Sans (see ``tifinagh_sources``), and
``static/sharik/css/tifinagh.css`` adds it to the site's font family for the Tifinagh block only
(``unicode-range``), so a browser fetches it only for a page that has Tifinagh on it."""

import importlib.util
from pathlib import Path

import fontpkg_ibm_plex_sans_arabic
from django.conf import settings
from fontTools import subset

SOURCE_DIR = Path(fontpkg_ibm_plex_sans_arabic.__file__).parent / "files"
# Where built static files go (git ignores it); listed in STATICFILES_DIRS.
OUTPUT_SUBDIR = Path("fonts") / "ibm-plex-sans-arabic"
# Two weights: site.css's semibold (600) is drawn with the bold file, a third file a page would
# download for little difference (issue 17: the Arabic home page within 150 KB on mobile data).
WEIGHTS = ("Regular", "Bold")
# Each weight in two files by script, which site.css declares with their ``unicode-range``: a
# French or English page downloads the Latin files only (about 20 KB a weight), an Arabic page
# the Arabic ones (about 40 KB) and the Latin ones for its digits, "MAD" and punctuation.
SUBSETS = {
    "arabic": [
        (0x0020, 0x0020),  # space, and the no-break space: their width in Arabic lines
        (0x00A0, 0x00A0),
        (0x0600, 0x06FF),  # Arabic
        (0x0750, 0x077F),  # Arabic Supplement
        (0x08A0, 0x08FF),  # Arabic Extended-A
        (0x200C, 0x200F),  # joiners and direction marks
        (0x2066, 0x2069),  # direction isolates
        (0xFB50, 0xFDFF),  # Arabic Presentation Forms-A
        (0xFE70, 0xFEFF),  # Arabic Presentation Forms-B
    ],
    "latin": [
        (0x0020, 0x007E),  # Basic Latin: digits, punctuation, French and English
        (0x00A0, 0x00FF),  # Latin-1: French letters, « », non-breaking space
        (0x0152, 0x0153),  # Œ œ
        (0x2000, 0x206F),  # General Punctuation: dashes, quotes, isolates and marks for bidi text
        (0x20AC, 0x20AC),  # €
        (0x2190, 0x21FF),  # Arrows: a figure's change on a project's history (before ← after)
        (0x2212, 0x2212),  # minus sign
        (0x2713, 0x2717),  # ✓ ✗ of the petition checklist, where the font has them
    ],
}
UNICODE_RANGES = [span for spans in SUBSETS.values() for span in spans]


def web_font_name(weight, subset_name):
    return f"IBMPlexSansArabic-{weight}-{subset_name}.woff2"


def build_web_font(source, target, unicode_ranges=UNICODE_RANGES):
    """Subset ``source`` (a TTF) to the site's characters and write it to ``target`` as WOFF2."""
    options = subset.Options()
    options.flavor = "woff2"
    options.layout_features = ["*"]  # init, medi, fina, liga, kern, mark…: Arabic needs them
    options.name_IDs = ["*"]
    options.notdef_outline = True
    # Tables fontTools cannot subset: metadata, FontForge's timestamps (DejaVu Sans)
    options.drop_tables = [*options.drop_tables, "meta", "FFTM"]
    font = subset.load_font(str(source), options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(
        unicodes=[code for first, last in unicode_ranges for code in range(first, last + 1)]
    )
    subsetter.subset(font)
    target.parent.mkdir(parents=True, exist_ok=True)
    subset.save_font(font, str(target), options)
    return target


def build_web_fonts(output_dir=None, force=False):
    """Build each weight the site uses, unless a built file is newer than its source and than
    this module (which says what the subset keeps). Returns the paths built."""
    output_dir = Path(output_dir or settings.BUILT_STATIC_DIR)
    fonts = [
        (
            SOURCE_DIR / f"IBMPlexSansArabic-{weight}.ttf",
            output_dir / OUTPUT_SUBDIR / web_font_name(weight, subset_name),
            unicode_ranges,
        )
        for weight in WEIGHTS
        for subset_name, unicode_ranges in SUBSETS.items()
    ]
    fonts += [
        (source, output_dir / TIFINAGH_OUTPUT_SUBDIR / tifinagh_font_name(weight), TIFINAGH_RANGES)
        for weight, source in tifinagh_sources().items()
    ]
    # Files an earlier build made under other names (the three weights of one file each, before
    # the split by script) would be collected and served for nothing.
    wanted = {target for _source, target, _ranges in fonts}
    for folder in {target.parent for target in wanted}:
        for stale in folder.glob("*.woff2") if folder.is_dir() else ():
            if stale not in wanted:
                stale.unlink()
    built = []
    for source, target, unicode_ranges in fonts:
        newest_input = max(source.stat().st_mtime, Path(__file__).stat().st_mtime)
        if force or not target.exists() or target.stat().st_mtime < newest_input:
            built.append(build_web_font(source, target, unicode_ranges))
    return built


# --- Tifinagh, for the Amazigh pages -----------------------------------------------------------

TIFINAGH_OUTPUT_SUBDIR = Path("fonts") / "tifinagh"
TIFINAGH_WEIGHTS = ("Regular", "Bold")  # tifinagh.css serves Bold for site.css's 600 and 700
# The Tifinagh block only: spaces, digits and punctuation stay IBM Plex Sans Arabic's, since
# tifinagh.css adds this font to that family for U+2D30 to U+2D7F alone.
TIFINAGH_RANGES = [(0x2D30, 0x2D7F)]
# Where the Tifinagh comes from, best first. No package on PyPI carries Noto Sans Tifinagh;
# DejaVu Sans draws the Tifinagh block (55 of its 59 characters: the whole IRCAM alphabet and
# the labialisation mark ⵯ), in a regular and a bold weight, and matplotlib's package ships it
# (a dependency for this alone: nothing imports matplotlib). Debian's fonts-noto-core
# (NotoSansTifinagh-Regular.ttf, one weight) is taken only where matplotlib is missing.
TIFINAGH_PACKAGE = "matplotlib"
TIFINAGH_PACKAGE_FILES = {"Regular": "DejaVuSans.ttf", "Bold": "DejaVuSans-Bold.ttf"}
TIFINAGH_SYSTEM_FILE = Path("/usr/share/fonts/truetype/noto/NotoSansTifinagh-Regular.ttf")


def tifinagh_font_name(weight):
    return f"Tifinagh-{weight}.woff2"


def tifinagh_sources():
    """``{weight: TTF}`` the Tifinagh web font is built from: DejaVu Sans from matplotlib's
    package; else Debian's Noto Sans Tifinagh for both weights, where installed; else nothing
    (the pages then draw Tifinagh with the system's fonts, through site.css's fallbacks)."""
    spec = importlib.util.find_spec(TIFINAGH_PACKAGE)
    if spec is not None and spec.submodule_search_locations:
        fonts = Path(spec.submodule_search_locations[0]) / "mpl-data" / "fonts" / "ttf"
        sources = {weight: fonts / name for weight, name in TIFINAGH_PACKAGE_FILES.items()}
        if all(source.exists() for source in sources.values()):
            return sources
    if TIFINAGH_SYSTEM_FILE.exists():
        return dict.fromkeys(TIFINAGH_WEIGHTS, TIFINAGH_SYSTEM_FILE)
    return {}
