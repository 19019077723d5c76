"""Builders of invest tests: the invest index of a language (the Arabic one, and its French and
English translations), assets under it, topics routed to staff, and investors' messages."""

import factory
from django.conf import settings
from factory.django import DjangoModelFactory
from wagtail.models import Locale

from cms.models import HomePage
from invest.models import (
    CONSENT_NOTICE_VERSION,
    AssetKind,
    InvestAssetPage,
    InvestIndexPage,
    InvestmentTopic,
    InvestorMessage,
)
from tests.participation.factories import TranslatedTermFactory

INDEX_SLUGS = {"ar": "invest", "fr": "investir", "en": "invest"}
INDEX_TITLES = {"ar": "استثمر في سلا", "fr": "Investir à Salé", "en": "Invest in Salé"}

KEY_FIGURES = [
    {
        "type": "figure",
        "value": {
            "label": "عدد السكان",
            "value": "1,041,832",
            "unit": "نسمة",
            "source": "HCP, RGPH",
            "date": "2024",
            "note": "",
        },
    }
]


def invest_index(language=settings.LANGUAGE_CODE):
    """The published invest index of ``language``: the Arabic one under the Arabic home page,
    the others its translations (made if missing)."""
    home = HomePage.objects.get(locale=Locale.objects.get(language_code=settings.LANGUAGE_CODE))
    index = InvestIndexPage.objects.child_of(home).first()
    if index is None:
        index = InvestIndexPage(
            title=INDEX_TITLES["ar"],
            slug=INDEX_SLUGS["ar"],
            introduction="سلا، مدينة الاستثمار",
            key_figures=KEY_FIGURES,
        )
        home.add_child(instance=index)
        index.save_revision().publish()
    if language == settings.LANGUAGE_CODE:
        return InvestIndexPage.objects.get(pk=index.pk)
    return translate(index, language, INDEX_TITLES[language], INDEX_SLUGS[language])


def translate(page, language, title, slug=None, **fields):
    """``page``'s published translation in ``language`` (made if missing; an asset's index
    too)."""
    if isinstance(page, InvestAssetPage):
        invest_index(language)
    locale = Locale.objects.get(language_code=language)
    translation = page.get_translation_or_none(locale)
    if translation is None:
        translation = page.copy_for_translation(locale).specific
        translation.title, translation.slug = title, slug or page.slug
        for name, value in fields.items():
            setattr(translation, name, value)
        translation.save_revision().publish()
    return type(page).objects.get(pk=translation.pk)


class InvestAssetPageFactory(DjangoModelFactory):
    """An economic zone under the Arabic invest index."""

    class Meta:
        model = InvestAssetPage

    title = "تكنوبوليس الرباط-سلا"
    slug = factory.Sequence(lambda n: f"asset-{n}")
    kind = AssetKind.ECONOMIC_ZONE
    summary = "منطقة للصناعات التكنولوجية وترحيل الخدمات."

    @classmethod
    def _create(cls, model_class, *args, **fields):
        asset = model_class(**fields)
        invest_index().add_child(instance=asset)
        asset.save_revision().publish()
        return model_class.objects.get(pk=asset.pk)


class InvestmentTopicFactory(TranslatedTermFactory):
    """Industrial land and zones, in Arabic (the row messages point at)."""

    class Meta:
        model = InvestmentTopic
        skip_postgeneration_save = True

    slug = "industry"
    name = "العقار الصناعي والمناطق الصناعية"
    department = "قسم الشؤون الاقتصادية"

    @factory.post_generation
    def staff(self, create, extracted, **kwargs):
        if create and extracted:
            self.staff.add(*extracted)


def translate_topic(topic, language, name, department):
    """The topic's row in ``language``."""
    row, _created = InvestmentTopic.objects.get_or_create(
        translation_key=topic.translation_key,
        locale=Locale.objects.get(language_code=language),
        defaults={"slug": topic.slug, "name": name, "department": department},
    )
    return row


class InvestorMessageFactory(DjangoModelFactory):
    """A new message from an investor, written in French."""

    class Meta:
        model = InvestorMessage

    name = "Karim Benali"
    organisation = "Atlas Logistique SARL"
    email = factory.Sequence(lambda n: f"investor{n}@example.com")
    phone = "+212612345678"
    topic = factory.SubFactory(InvestmentTopicFactory)
    message = "Nous cherchons un terrain de 2 hectares pour un entrepôt logistique à Salé."
    language = "fr"
    consent_notice = CONSENT_NOTICE_VERSION
