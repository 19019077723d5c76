"""Factories of the consultations app: one per model of ``consultations/models.py``, registered
as pytest fixtures in ``conftest.py`` (``consultation_page``, ``response``, ``answer``…).

The consultations index is not part of the site skeleton (``tests/site.py``): the first
consultation a test makes creates it under the Arabic home page, and a translation creates the
index of its language, as an editor would.

The test questionnaire (``questionnaire_stream()``) asks one question of each kind, with fixed
ids (``Q_*`` for the questions, ``C_*`` and ``R*`` for their choices) the tests answer by.
"""

from datetime import timedelta

import factory
import pytest
from django.conf import settings
from django.utils import timezone
from factory.django import DjangoModelFactory
from taggit.models import Tag
from wagtail.models import Locale, Site

from cms.models import HomePage, SiteLinks
from consultations.models import (
    Answer,
    ConsultationIndexPage,
    ConsultationPage,
    ConsultationPageTag,
    ConsultationPhase,
    ConsultationTally,
    PhaseAnnouncement,
    PhaseKind,
    Response,
)
from participation.models import Arrondissement
from tests.participation.factories import ResidentFactory

INDEX_TITLES = {
    "ar": "الاستشارات العمومية",
    "fr": "Consultations publiques",
    "en": "Public consultations",
}

# --- The test questionnaire ---------------------------------------------------------------------

Q_SINGLE = "11111111-0000-4000-8000-000000000001"
Q_MULTIPLE = "11111111-0000-4000-8000-000000000002"
Q_RANKING = "11111111-0000-4000-8000-000000000003"
Q_SCALE = "11111111-0000-4000-8000-000000000004"
Q_SHORT = "11111111-0000-4000-8000-000000000005"
Q_LONG = "11111111-0000-4000-8000-000000000006"
Q_CONDITIONAL = "11111111-0000-4000-8000-000000000007"
# Choices: single (A, B), multiple (X, Y, Z + other), ranking (R1, R2, R3), conditional (yes, no).
C_A, C_B = "22222222-0000-4000-8000-00000000000a", "22222222-0000-4000-8000-00000000000b"
C_X, C_Y, C_Z = (f"33333333-0000-4000-8000-00000000000{letter}" for letter in "abc")
R1, R2, R3 = (f"44444444-0000-4000-8000-00000000000{n}" for n in (1, 2, 3))
C_YES, C_NO = "55555555-0000-4000-8000-000000000001", "55555555-0000-4000-8000-000000000002"


def _items(pairs):
    return [{"type": "item", "value": label, "id": item_id} for item_id, label in pairs]


def questionnaire_stream(language="ar"):
    """One question of each kind, plus a question shown only to those who chose "B"."""
    label = {"ar": "ب", "fr": "B", "en": "B"}[language]
    return [
        {
            "type": "single_choice",
            "id": Q_SINGLE,
            "value": {
                "text": f"single-{language}",
                "help_text": "",
                "required": True,
                "show_if": "",
                "choices": _items([(C_A, "A"), (C_B, label)]),
                "allow_other": False,
            },
        },
        {
            "type": "multiple_choice",
            "id": Q_MULTIPLE,
            "value": {
                "text": f"multiple-{language}",
                "help_text": "",
                "required": False,
                "show_if": "",
                "choices": _items([(C_X, "X"), (C_Y, "Y"), (C_Z, "Z")]),
                "allow_other": True,
            },
        },
        {
            "type": "ranking",
            "id": Q_RANKING,
            "value": {
                "text": f"ranking-{language}",
                "help_text": "",
                "required": True,
                "show_if": "",
                "choices": _items([(R1, "R1"), (R2, "R2"), (R3, "R3")]),
            },
        },
        {
            "type": "scale",
            "id": Q_SCALE,
            "value": {
                "text": f"scale-{language}",
                "help_text": "",
                "required": True,
                "show_if": "",
                "low_label": "low",
                "high_label": "high",
            },
        },
        {
            "type": "short_text",
            "id": Q_SHORT,
            "value": {
                "text": f"short-{language}",
                "help_text": "",
                "required": False,
                "show_if": "",
            },
        },
        {
            "type": "long_text",
            "id": Q_LONG,
            "value": {
                "text": f"long-{language}",
                "help_text": "",
                "required": False,
                "show_if": "",
            },
        },
        {
            "type": "single_choice",
            "id": Q_CONDITIONAL,
            "value": {
                "text": f"conditional-{language}",
                "help_text": "",
                "required": True,
                "show_if": label,
                "choices": _items([(C_YES, "yes"), (C_NO, "no")]),
                "allow_other": False,
            },
        },
    ]


# --- Pages ---------------------------------------------------------------------------------------


def open_calendar():
    """Debate and questionnaire open now for ten days, then the results, then the report."""
    now = timezone.now()
    return {
        PhaseKind.DEBATE: (now - timedelta(days=1), now + timedelta(days=10)),
        PhaseKind.QUESTIONNAIRE: (now - timedelta(days=1), now + timedelta(days=10)),
        PhaseKind.RESULTS: (now + timedelta(days=10), now + timedelta(days=40)),
        PhaseKind.REPORT: (now + timedelta(days=40), now + timedelta(days=400)),
    }


def _locale(language):
    return Locale.objects.get(language_code=language)


def consultation_index(language=settings.LANGUAGE_CODE):
    """The consultations index of ``language``, created (published) if the site has none."""
    return ConsultationIndexPageFactory(locale=_locale(language))


class ConsultationIndexPageFactory(DjangoModelFactory):
    """The consultations index of one language, under that language's home page.

    The site holds one per language (``max_count_per_parent = 1``): when it exists already, it
    is returned as it is. The index of another language than the source one is a translation of
    the source index (created first if needed), so that consultations can be translated.
    """

    class Meta:
        model = ConsultationIndexPage

    locale = factory.LazyFunction(lambda: _locale(settings.LANGUAGE_CODE))
    title = factory.LazyAttribute(lambda o: INDEX_TITLES[o.locale.language_code])
    slug = factory.LazyAttribute(
        lambda o: (
            "consultations"
            if o.locale.language_code == settings.LANGUAGE_CODE
            else f"consultations-{o.locale.language_code}"
        )
    )
    introduction = "يستشير المجلس الجماعي سكان سلا في مشاريعه وميزانيته وأنظمته."
    show_in_menus = True

    @classmethod
    def _create(cls, model_class, *args, **fields):
        locale = fields["locale"]
        home = HomePage.objects.get(locale=locale)
        existing = model_class.objects.child_of(home).first()
        if existing is not None:
            return existing
        if locale.language_code == settings.LANGUAGE_CODE:
            index = model_class(**fields)
            home.add_child(instance=index)
        else:
            source = cls(locale=_locale(settings.LANGUAGE_CODE))
            index = source.copy_for_translation(locale).specific
            for name, value in fields.items():
                setattr(index, name, value)
            index.save()
        index.save_revision().publish()
        return model_class.objects.get(pk=index.pk)


class ConsultationPageFactory(DjangoModelFactory):
    """A published consultation under the Arabic index, with the test questionnaire
    (``questionnaire_stream()``, one question of each kind) open now by default.

    ``phases``: {kind: (starts_at, ends_at)}, the calendar set as the editor's page form does
    (so the page's bounds, ``opens_at`` and ``closes_at``, follow). ``arrondissements`` and
    ``tags`` are set before the page is published.
    """

    class Meta:
        model = ConsultationPage

    title = "استشارة تجريبية"
    slug = factory.Sequence(lambda n: f"test-consultation-{n}")
    summary = "ملخص الاستشارة"
    questionnaire = factory.LazyFunction(questionnaire_stream)
    phases = factory.LazyFunction(open_calendar)
    arrondissements = ()
    tags = ()
    parent = factory.LazyFunction(consultation_index)

    @classmethod
    def _create(cls, model_class, *args, parent, phases, arrondissements, tags, **fields):
        page = model_class(**fields)
        page.phases = [
            ConsultationPhase(kind=kind, starts_at=starts, ends_at=ends)
            for kind, (starts, ends) in phases.items()
        ]
        page.arrondissements = list(arrondissements)
        if tags:
            page.tags.add(*tags)
        parent.add_child(instance=page)
        page.save_revision().publish()
        return model_class.objects.get(pk=page.pk)


class ConsultationPhaseFactory(DjangoModelFactory):
    """A phase added to an existing consultation's calendar; the page's bounds are recomputed
    as when the editor saves the calendar."""

    class Meta:
        model = ConsultationPhase
        skip_postgeneration_save = True

    page = factory.SubFactory(ConsultationPageFactory, phases={})
    kind = PhaseKind.DEBATE
    starts_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(days=10))

    @factory.post_generation
    def bounds(self, create, extracted, **kwargs):
        if create:
            page = ConsultationPage.objects.get(pk=self.page_id)
            page.clean()
            ConsultationPage.objects.filter(pk=page.pk).update(
                opens_at=page.opens_at, closes_at=page.closes_at
            )


class PhaseAnnouncementFactory(DjangoModelFactory):
    """A phase opening already announced to the consultation's followers."""

    class Meta:
        model = PhaseAnnouncement

    consultation = factory.SubFactory(ConsultationPageFactory)
    kind = PhaseKind.DEBATE
    starts_at = factory.LazyAttribute(
        lambda o: getattr(o.consultation.phase(o.kind), "starts_at", None) or timezone.now()
    )
    recipients = 0


class ConsultationTallyFactory(DjangoModelFactory):
    class Meta:
        model = ConsultationTally

    consultation = factory.SubFactory(ConsultationPageFactory)
    participant_count = 0


class TagFactory(DjangoModelFactory):
    class Meta:
        model = Tag

    name = factory.Sequence(lambda n: f"tag-{n}")
    slug = factory.LazyAttribute(lambda o: o.name)


class ConsultationPageTagFactory(DjangoModelFactory):
    class Meta:
        model = ConsultationPageTag

    content_object = factory.SubFactory(ConsultationPageFactory)
    tag = factory.SubFactory(TagFactory)


class ResponseFactory(DjangoModelFactory):
    """A resident's submitted response to a consultation (its original version), from the
    resident's arrondissement, without answers (see ``AnswerFactory``).

    Trait: ``draft`` (saved, not submitted). See ``EmailResponseFactory`` for a participant
    without an account.
    """

    class Meta:
        model = Response

    consultation = factory.SubFactory(ConsultationPageFactory)
    participant = factory.SubFactory(ResidentFactory)
    email = ""
    arrondissement = factory.LazyAttribute(
        lambda o: (
            o.participant.arrondissement
            if o.participant is not None
            else Arrondissement.objects.canonical().first()
        )
    )
    submitted_at = factory.LazyFunction(timezone.now)

    class Params:
        draft = factory.Trait(submitted_at=None)


class EmailResponseFactory(ResponseFactory):
    """The response of a participant without an account (the editor allowed it), known by an
    address they confirmed."""

    participant = None
    email = factory.Sequence(lambda n: f"visitor{n}@example.org")
    email_confirmed_at = factory.LazyFunction(timezone.now)


class AnswerFactory(DjangoModelFactory):
    """One answer of a response: by default choice "A" of the single-choice question of the test
    questionnaire. Traits: ``rated`` (the scale question), ``written`` (the short text question),
    ``quoted`` (a written answer a moderator published as a quote)."""

    class Meta:
        model = Answer

    response = factory.SubFactory(ResponseFactory)
    question = Q_SINGLE
    choice = C_A

    class Params:
        rated = factory.Trait(question=Q_SCALE, choice="", number=4)
        written = factory.Trait(question=Q_SHORT, choice="", text="إنارة الزقاق")
        quoted = factory.Trait(written=True, quote_published_at=factory.LazyFunction(timezone.now))


@pytest.fixture
def site_links(db):
    """The footer's links of the default site, set as on an installed site: otherwise the first
    page served creates them, one query more than the next pages."""
    return SiteLinks.for_site(Site.objects.get(is_default_site=True))
