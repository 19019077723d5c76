"""Builders of the procedures' tests: the Arabic and French indexes, procedures under them
(published with ``add_child``, so they are in the search index), their French translations,
votes and feedback."""

import factory
from django.conf import settings
from factory.django import DjangoModelFactory
from wagtail.models import Locale

from cms.models import HomePage
from procedures.models import (
    DigitalisationStatus,
    DigitalisationVote,
    ProcedureCategory,
    ProcedureFeedback,
    ProcedureIndexPage,
    ProcedurePage,
)
from tests.participation.factories import ResidentFactory

INDEX_SLUGS = {"ar": "procedures", "fr": "demarches"}


def procedure_index(language_code=settings.LANGUAGE_CODE):
    """The procedures index of a language, created (published) if the site has none; the French
    one is the translation of the Arabic one."""
    locale = Locale.objects.get(language_code=language_code)
    home = HomePage.objects.get(locale=locale)
    existing = ProcedureIndexPage.objects.child_of(home).first()
    if existing is not None:
        return existing
    if language_code == settings.LANGUAGE_CODE:
        index = ProcedureIndexPage(title="الخدمات والمساطر", slug=INDEX_SLUGS["ar"])
        home.add_child(instance=index)
        return ProcedureIndexPage.objects.get(pk=index.pk)
    index = procedure_index().copy_for_translation(locale).specific
    index.title, index.slug = "Services et démarches", INDEX_SLUGS.get(language_code, "procedures")
    index.save_revision().publish()
    return ProcedureIndexPage.objects.get(pk=index.pk)


class ProcedurePageFactory(DjangoModelFactory):
    """شهادة السكنى, on paper, at the Tabriquet office."""

    class Meta:
        model = ProcedurePage

    title = "شهادة السكنى"
    slug = factory.Sequence(lambda n: f"procedure-{n}")
    category = ProcedureCategory.LEGALISATION
    summary = "وثيقة تثبت مكان سكنى المواطن داخل تراب الجماعة."
    eligibility = "كل مواطن يقطن بتراب الجماعة."
    documents = "<ul><li>نسخة من البطاقة الوطنية</li><li>فاتورة الماء أو الكهرباء</li></ul>"
    fees = "20 درهم (تنبر)"
    delivery_time = "48 ساعة"
    office = "مكتب الحالة المدنية"
    opening_hours = "من الاثنين إلى الجمعة، من 8:30 إلى 16:30"
    digitalisation_status = DigitalisationStatus.PAPER

    @classmethod
    def _create(cls, model_class, *args, **fields):
        procedure = model_class(**fields)
        procedure_index().add_child(instance=procedure)
        return model_class.objects.get(pk=procedure.pk)


def translate(procedure, language_code="fr", **fields):
    """The published translation of ``procedure`` (under the index of that language), with
    ``fields`` in the new language."""
    procedure_index(language_code)
    translation = procedure.copy_for_translation(
        Locale.objects.get(language_code=language_code), copy_parents=False
    ).specific
    for name, value in fields.items():
        setattr(translation, name, value)
    translation.save_revision().publish()
    return ProcedurePage.objects.get(pk=translation.pk)


class DigitalisationVoteFactory(DjangoModelFactory):
    class Meta:
        model = DigitalisationVote

    procedure = factory.SubFactory(ProcedurePageFactory)
    user = factory.SubFactory(ResidentFactory)


class ProcedureFeedbackFactory(DjangoModelFactory):
    class Meta:
        model = ProcedureFeedback

    procedure = factory.SubFactory(ProcedurePageFactory)
    helpful = True
    comment = ""
