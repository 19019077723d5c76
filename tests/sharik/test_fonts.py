"""The web font is served light (sharik/fonts.py): a WOFF2 subset a quarter of the TTF's size or
less, that still draws Arabic (with the contextual forms shaping needs) and French, and that the
stylesheet offers before the TTF."""

from pathlib import Path

from fontTools.ttLib import TTFont

from sharik.fonts import SOURCE_DIR, build_web_font, web_font_name

CSS = Path(__file__).resolve().parents[2] / "static" / "sharik" / "css" / "site.css"


def test_the_subset_is_light_and_keeps_arabic_and_french(tmp_path):
    source = SOURCE_DIR / "IBMPlexSansArabic-Regular.ttf"
    built = build_web_font(source, tmp_path / web_font_name("Regular"))
    assert built.read_bytes()[:4] == b"wOF2"
    assert built.stat().st_size * 4 < source.stat().st_size
    font = TTFont(built)
    characters = font.getBestCmap()
    texts = (
        "شارك جماعة سلا ١٢٣",
        "33% ← 0% → 100%",
        "Pétition à la commune « Salé » \u2013 œuvre 2027 €",
    )
    for text in texts:
        assert all(ord(character) in characters for character in text), text
    features = {record.FeatureTag for record in font["GSUB"].table.FeatureList.FeatureRecord}
    assert {"init", "medi", "fina"} <= features  # Arabic letters join
    assert ord("Ж") not in characters  # Cyrillic is left out


def test_the_stylesheet_offers_the_woff2_subsets_only():
    css = CSS.read_text()
    for weight in ("Regular", "SemiBold", "Bold"):
        assert f'IBMPlexSansArabic-{weight}.woff2") format("woff2")' in css
    assert ".ttf" not in css  # never 240 KB a weight on mobile data
