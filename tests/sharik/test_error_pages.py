"""The site's own error pages work under its Content-Security-Policy, which blocks javascript:
addresses: no page links to one, and the "database out of reach" page (templates/503.html,
sharik/middleware.py) leads to the home page of the language the reader was using."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.db import OperationalError

from proposals import views

pytestmark = pytest.mark.django_db

JAVASCRIPT_ADDRESS = re.compile(r"""(?:href|src|action)\s*=\s*["']?\s*javascript:""", re.I)


def connection_lost(*args, **kwargs):
    raise OperationalError("server closed the connection unexpectedly")


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_the_database_unavailable_page_links_home_without_javascript(client, monkeypatch, language):
    monkeypatch.setattr(views, "map_settings", connection_lost)
    response = client.get(f"/{language}/proposals/map/")
    assert response.status_code == 503
    page = response.content.decode()
    assert "javascript:" not in page.lower()
    assert re.findall(r'<a href="([^"]*)"', page) == [f"/{language}/"]
    # What was typed is on the previous page: the browser's Back button, named in each language.
    assert "زر الرجوع في المتصفح" in page
    assert "le bouton Retour du navigateur" in page
    assert "your browser's Back button" in page


def test_no_template_links_to_a_javascript_address():
    roots = [Path(settings.BASE_DIR, "templates"), *Path(settings.BASE_DIR).glob("*/templates")]
    templates = [path for root in roots for path in root.rglob("*.html")]
    assert Path(settings.BASE_DIR, "templates", "503.html") in templates
    offending = [
        str(path.relative_to(settings.BASE_DIR))
        for path in templates
        if JAVASCRIPT_ADDRESS.search(path.read_text(encoding="utf-8"))
    ]
    assert offending == []


def test_no_template_styles_inline_which_the_content_security_policy_refuses():
    # style-src 'self': a style="…" attribute or a <style> element is not applied in production.
    # (The Wagtail admin's pages, under */admin/, have the admin's own policy.)
    roots = [Path(settings.BASE_DIR, "templates"), *Path(settings.BASE_DIR).glob("*/templates")]
    inline = re.compile(r"""\sstyle\s*=\s*["']|<style\b""", re.I)
    offending = [
        str(path.relative_to(settings.BASE_DIR))
        for root in roots
        for path in root.rglob("*.html")
        if "admin" not in path.relative_to(root).parts
        # The page inside a resident's copy of their data (a zip) is opened from a file, not
        # served under the policy: its styles travel with it.
        and path.parts[-2:] != ("data_export", "export.html")
        and inline.search(path.read_text(encoding="utf-8"))
    ]
    assert offending == []


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_the_failure_pages_take_their_look_from_a_stylesheet(client, monkeypatch, language):
    monkeypatch.setattr(views, "map_settings", connection_lost)
    page = client.get(f"/{language}/proposals/map/").content.decode()
    assert '<link rel="stylesheet" href="/static/sharik/css/error.css">' in page
