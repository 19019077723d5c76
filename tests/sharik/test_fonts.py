"""The web font is served light (sharik/fonts.py): a WOFF2 subset a quarter of the TTF's size or
less, that still draws Arabic (with the contextual forms shaping needs) and French, and that the
stylesheet offers before the TTF."""

import re
from pathlib import Path

from fontTools.ttLib import TTFont

from sharik.fonts import SOURCE_DIR, SUBSETS, WEIGHTS, build_web_font, web_font_name

CSS = Path(__file__).resolve().parents[2] / "static" / "sharik" / "css" / "site.css"


def build(subset_name, tmp_path):
    source = SOURCE_DIR / "IBMPlexSansArabic-Regular.ttf"
    built = build_web_font(
        source, tmp_path / web_font_name("Regular", subset_name), SUBSETS[subset_name]
    )
    assert built.read_bytes()[:4] == b"wOF2"
    return source, built, TTFont(built)


def test_the_arabic_file_draws_arabic_with_its_joining_forms(tmp_path):
    source, built, font = build("arabic", tmp_path)
    assert built.stat().st_size * 5 < source.stat().st_size
    characters = font.getBestCmap()
    assert all(ord(character) in characters for character in "شارك جماعة سلا ١٢٣")
    features = {record.FeatureTag for record in font["GSUB"].table.FeatureList.FeatureRecord}
    assert {"init", "medi", "fina"} <= features  # Arabic letters join
    assert ord("é") not in characters  # French comes from the Latin file


def test_the_latin_file_draws_french_digits_and_signs_and_no_arabic(tmp_path):
    source, built, font = build("latin", tmp_path)
    assert built.stat().st_size * 10 < source.stat().st_size  # a French page's whole font
    characters = font.getBestCmap()
    for text in ("33% ← 0% → 100%", "Pétition à la commune « Salé » \u2013 œuvre 2027 €"):
        assert all(ord(character) in characters for character in text), text
    assert ord("ش") not in characters and ord("Ж") not in characters


def test_the_stylesheet_offers_each_file_for_its_script_only():
    css = CSS.read_text()
    for weight in WEIGHTS:
        for subset_name, spans in SUBSETS.items():
            name = web_font_name(weight, subset_name)
            rule = re.search(r"@font-face\s*{[^}]*" + re.escape(name) + r"[^}]*}", css)
            assert rule, name
            first = f"U+{spans[0][0]:04X}"
            assert "unicode-range:" in rule.group(0) and first in rule.group(0), name
    assert ".ttf" not in css  # never 240 KB a weight on mobile data
    assert "SemiBold" not in css  # 600 is drawn with the bold file
