"""Factories of the site's pages and settings: one per model of ``cms/models.py``, registered as
pytest fixtures in ``conftest.py`` (``home_page``, ``standard_page``, ``site_links``…).

Every test database holds a home page per language (``tests/site.py``); the other pages are made
by the tests that need them. ``translate_page`` gives a page its translation in another
language, as an editor does with Wagtail's translation tool (the parent's translation must
exist: the home pages always have theirs).

The site's files are here too: Wagtail images and documents (``make_image``, ``make_document``)
and the PDF other apps' factories attach (``pdf_file``).
"""

import io

import factory
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from factory.django import DjangoModelFactory
from fpdf import FPDF
from PIL import Image as PillowImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Locale, Site

from cms.models import HomePage, SiteLinks, StandardPage
from tests.site import HOME_TITLES, build_site


def locale_of(language=settings.LANGUAGE_CODE):
    return Locale.objects.get(language_code=language)


def home_page(language=settings.LANGUAGE_CODE):
    """The home page of ``language`` (the skeleton's)."""
    return HomePage.objects.get(locale__language_code=language)


def translate_page(source, language, **fields):
    """The published translation of ``source`` into ``language``, with ``fields`` set (title,
    slug, introduction…); created when missing, as it is otherwise."""
    target = locale_of(language)
    existing = source.get_translation_or_none(target)
    if existing is not None:
        return existing.specific
    page = source.copy_for_translation(target).specific
    page.slug = f"{source.slug}-{language}"
    for name, value in fields.items():
        setattr(page, name, value)
    page.save()
    page.save_revision().publish()
    return type(page).objects.get(pk=page.pk)


class HomePageFactory(DjangoModelFactory):
    """The home page of a language. The site has one per language already: the factory returns
    it, with the fields it is given set and published (``featured_links``, ``introduction``…)."""

    class Meta:
        model = HomePage

    locale = factory.LazyFunction(locale_of)
    title = factory.LazyAttribute(lambda o: HOME_TITLES[o.locale.language_code])
    slug = factory.LazyAttribute(lambda o: f"home-{o.locale.language_code}")

    @classmethod
    def _create(cls, model_class, *args, locale, **fields):
        home = model_class.objects.filter(locale=locale).first()
        if home is None:  # a test emptied the tree: the skeleton again
            build_site()
            home = model_class.objects.get(locale=locale)
        if any(getattr(home, name) != value for name, value in fields.items()):
            for name, value in fields.items():
                setattr(home, name, value)
            home.save_revision().publish()
            home = model_class.objects.get(pk=home.pk)
        return home


class StandardPageFactory(DjangoModelFactory):
    """A published page of text, under the Arabic home page unless ``parent`` says otherwise."""

    class Meta:
        model = StandardPage

    title = "صفحة تجريبية"
    slug = factory.Sequence(lambda n: f"test-page-{n}")
    introduction = "مقدمة الصفحة"
    body = factory.LazyFunction(lambda: [{"type": "paragraph", "value": "<p>نص الصفحة</p>"}])
    show_in_menus = False
    comments_enabled = False
    parent = factory.LazyFunction(home_page)

    @classmethod
    def _create(cls, model_class, *args, parent, **fields):
        page = model_class(**fields)
        parent.add_child(instance=page)
        page.save_revision().publish()
        return model_class.objects.get(pk=page.pk)


class SiteLinksFactory(DjangoModelFactory):
    """The footer's links of the default site (one row per site: set again if it exists)."""

    class Meta:
        model = SiteLinks

    site = factory.LazyFunction(lambda: Site.objects.get(is_default_site=True))
    privacy_page = None
    legal_notice_page = None
    contact_email = "sharik@sale.example"

    @classmethod
    def _create(cls, model_class, *args, site, **fields):
        links, _created = model_class.objects.update_or_create(site=site, defaults=fields)
        return links


# --- Files ---------------------------------------------------------------------------------


def pdf_bytes(text="Sharik"):
    """A real one-page PDF, as a resident's scanner or office software would send."""
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.cell(text=text)
    return bytes(pdf.output())


def png_bytes(size=(40, 30)):
    """A real PNG, as a phone's scan would be."""
    buffer = io.BytesIO()
    PillowImage.new("RGB", size, (11, 93, 69)).save(buffer, "PNG")
    return buffer.getvalue()


def pdf_file(name="document.pdf"):
    return ContentFile(pdf_bytes(), name=name)


def make_image(title="صورة الأشغال"):
    """A Wagtail image (a small PNG drawn by Pillow)."""
    buffer = io.BytesIO()
    PillowImage.new("RGB", (40, 30), (11, 93, 69)).save(buffer, "PNG")
    return get_image_model().objects.create(title=title, file=ImageFile(buffer, name="works.png"))


def make_document(title="محضر الاستلام"):
    return get_document_model().objects.create(title=title, file=pdf_file("minutes.pdf"))
