"""Factories of the news: one per model of ``news/models.py``, registered as pytest fixtures in
``conftest.py`` (``news_index_page``, ``news_page``…).

The news index is not part of the site skeleton (``tests/site.py``): the first article a test
makes creates the Arabic index; ``news_index("fr")`` makes the French one as a translation of
it, as an editor would, so that articles can be translated (``translate_article``).
"""

import datetime

import factory
from django.conf import settings
from django.utils import timezone
from factory.django import DjangoModelFactory

from news.models import NewsIndexPage, NewsPage
from tests.cms.factories import home_page, locale_of, translate_page

INDEX_TITLES = {"ar": "الأخبار", "fr": "Actualités", "en": "News"}
INDEX_SLUGS = {"ar": "news", "fr": "actualites", "en": "news-en"}


def news_index(language=settings.LANGUAGE_CODE):
    """The news index of ``language``, created (published) if the site has none."""
    return NewsIndexPageFactory(locale=locale_of(language))


class NewsIndexPageFactory(DjangoModelFactory):
    """The news index of one language, under that language's home page; the one there is
    already when it exists (one per language)."""

    class Meta:
        model = NewsIndexPage

    locale = factory.LazyFunction(locale_of)
    title = factory.LazyAttribute(lambda o: INDEX_TITLES[o.locale.language_code])
    slug = factory.LazyAttribute(lambda o: INDEX_SLUGS[o.locale.language_code])
    introduction = "أخبار جماعة سلا: الاستشارات والمشاريع واللقاءات."
    show_in_menus = True

    @classmethod
    def _create(cls, model_class, *args, locale, **fields):
        home = home_page(locale.language_code)
        existing = model_class.objects.child_of(home).first()
        if existing is not None:
            return existing.specific
        if locale.language_code == settings.LANGUAGE_CODE:
            index = model_class(locale=locale, **fields)
            home.add_child(instance=index)
            index.save_revision().publish()
            return model_class.objects.get(pk=index.pk)
        source = cls(locale=locale_of(settings.LANGUAGE_CODE))
        return translate_page(source, locale.language_code, **fields)


class NewsPageFactory(DjangoModelFactory):
    """A published article under the Arabic index, dated today, without a photo.

    ``tags``, ``arrondissements`` and the related ``consultations``, ``projects`` and ``events``
    are set before it is published, as the editor's form does; ``publish=False`` leaves it a
    draft. Publishing sends Wagtail's ``page_published`` (the followers' notice)."""

    class Meta:
        model = NewsPage

    title = "انطلاق الاستشارة حول الميزانية التشاركية"
    slug = factory.Sequence(lambda n: f"news-{n}")
    date = factory.LazyFunction(timezone.localdate)
    summary = "يدعو المجلس الجماعي السكان إلى إبداء آرائهم."
    body = factory.LazyFunction(lambda: [{"type": "paragraph", "value": "<p>نص الخبر</p>"}])
    image = None
    image_alt = ""
    tags = ()
    arrondissements = ()
    consultations = ()
    projects = ()
    events = ()
    publish = True
    parent = factory.LazyFunction(news_index)

    @classmethod
    def _build(cls, model_class, *args, **fields):
        """An unsaved article (for ``clean()``), without its page-tree and relation options."""
        for name in ("parent", "tags", "arrondissements", "consultations", "projects", "events"):
            fields.pop(name)
        fields.pop("publish")
        return model_class(**fields)

    @classmethod
    def _create(
        cls,
        model_class,
        *args,
        parent,
        tags,
        arrondissements,
        consultations,
        projects,
        events,
        publish,
        **fields,
    ):
        article = model_class(**fields)
        article.arrondissements = list(arrondissements)
        article.related_consultations = list(consultations)
        article.related_projects = list(projects)
        article.related_events = list(events)
        if tags:
            article.tags.add(*tags)
        if not publish:
            article.live = False
        parent.add_child(instance=article)
        revision = article.save_revision()
        if publish:
            revision.publish()
        return model_class.objects.get(pk=article.pk)


def translate_article(article, language="fr", **fields):
    """The published translation of ``article`` (its index's translation made first)."""
    news_index(language)
    fields.setdefault("title", f"{article.title} ({language})")
    return translate_page(article, language, **fields)


def days_ago(days):
    return timezone.localdate() - datetime.timedelta(days=days)
