"""Template tags of the site chrome: language switcher, main navigation, footer links.

The chrome is the same for every reader of a language and changes only when pages are published,
moved or retitled: each process remembers it per generation of public content
(participation/pagecache.py ``remembered``), so it costs no query once worked out."""

from django import template
from django.conf import settings
from django.urls import reverse, translate_url
from django.utils.translation import get_language, gettext
from wagtail.models import Locale, Page, Site

from cms.models import SiteLinks
from participation.pagecache import remembered

register = template.Library()


def _home_pages(request):
    """The site's home page in each language, keyed by language code (one query)."""
    site = Site.find_for_request(request)
    if site is None:
        return {}
    homes = (
        Page.objects.filter(translation_key=site.root_page.translation_key)
        .live()
        .select_related("locale")
    )
    return {home.locale.language_code: home for home in homes}


@register.simple_tag(takes_context=True)
def language_links(context):
    """One link per language to this same page in that language.

    A Wagtail page links to its translation (whose slug may differ); a Django view links to the
    same view under the other language prefix. Where a page has no translation yet, the link goes
    to that language's home page rather than to a missing page.
    """
    request = context.get("request")
    if request is None:
        return []
    current = get_language()
    page = context.get("page")
    targets = {}
    if isinstance(page, Page) and page.pk:
        targets = remembered(
            ("languages", request.get_host(), page.pk),
            lambda: _translations(request, page),
        )
    else:
        path = request.get_full_path()
        targets = {code: translate_url(path, code) for code, _name in settings.LANGUAGES}
    return [
        {"code": code, "name": name, "url": targets[code], "is_current": code == current}
        for code, name in settings.LANGUAGES
    ]


def _translations(request, page):
    """The address of ``page`` in each language: its translation, or that language's home."""
    translations = page.get_translations(inclusive=True).live().select_related("locale")
    targets = {p.locale.language_code: p.get_url(request) for p in translations}
    missing = [code for code, _name in settings.LANGUAGES if code not in targets]
    if missing:
        homes = _home_pages(request)
        for code in missing:
            home = homes.get(code)
            targets[code] = home.get_url(request) if home else f"/{code}/"
    return targets


@register.simple_tag(takes_context=True)
def main_navigation(context):
    """The home page of the active language and its children shown in menus."""
    request = context.get("request")
    if request is None:
        return []
    language = get_language()
    items = remembered(
        ("navigation", request.get_host(), language),
        lambda: _navigation(request, language),
    )
    current_path = request.path
    return [
        {
            **item,
            "is_current": item["url"] == current_path
            or bool(item.get("section") and current_path.startswith(item["url"])),
        }
        for item in items
    ]


def _navigation(request, language):
    home = _home_pages(request).get(language)
    if home is None:
        return []
    items = [
        {"title": home.title, "url": home.get_url(request), "is_home": True},
        {
            "title": gettext("Proposals"),
            "url": reverse("proposals:list"),
            "is_home": False,
            "section": True,
        },
        {
            "title": gettext("Petitions"),
            "url": reverse("petitions:list"),
            "is_home": False,
            "section": True,
        },
        {
            "title": gettext("Council sessions"),
            "url": reverse("council:sessions"),
            "is_home": False,
            "section": True,
        },
        {
            "title": gettext("Access to information"),
            "url": reverse("information:register"),
            "is_home": False,
            "section": True,
        },
    ]
    for child in home.get_children().live().in_menu().specific(defer=True):
        items.append({"title": child.title, "url": child.get_url(request), "is_home": False})
    return items


@register.simple_tag(takes_context=True)
def footer_links(context):
    """The footer's legal links (privacy notice, legal notice, contact) in the active language,
    from the site's SiteLinks settings: ``[(label, address)]``."""
    request = context.get("request")
    if request is None:
        return []
    language = get_language()
    return remembered(("footer", request.get_host(), language), lambda: _footer_links(context))


def _footer_links(context):
    request = context["request"]
    links = SiteLinks.for_request(request)
    found = []
    if links.privacy_page:
        found.append((gettext("Privacy notice"), localized_page_url(context, links.privacy_page)))
    if links.legal_notice_page:
        found.append(
            (gettext("Legal notice"), localized_page_url(context, links.legal_notice_page))
        )
    found.append((gettext("Open data"), reverse("open_data")))
    found.append((gettext("Participation in figures"), reverse("participation_figures")))
    if links.contact_email:
        found.append((gettext("Contact"), f"mailto:{links.contact_email}"))
    return found


@register.simple_tag(takes_context=True)
def localized_page_url(context, page):
    """The URL of ``page`` in the active language, or of the page itself if not translated."""
    if page is None:
        return ""
    request = context.get("request")

    def address():
        try:
            locale = Locale.get_active()
        except Locale.DoesNotExist:
            return page.get_url(request)
        translated = page.get_translation_or_none(locale)
        target = translated if translated is not None and translated.live else page
        return target.get_url(request)

    host = request.get_host() if request is not None else ""
    return remembered(("page-url", host, page.pk, get_language()), address)
