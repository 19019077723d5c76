"""Factories of the action plan: one per model of ``plan/models.py``, registered as pytest
fixtures in ``conftest.py`` (``action_plan_page``, ``axis_page``, ``project_page``,
``project_update``, ``project_evaluation``…).

The plan is not part of the site skeleton (``tests/site.py``): the first axis a test makes
creates it under the Arabic home page; its French and English translations are made on demand
(``action_plan(language)``), as an editor would. Axes and projects are live pages without a
revision, quick enough for the tests that need hundreds of them.

A project's standing (``ProjectProgress``) and its history (``ProjectUpdate``) change together
through ``plan.services.post_update``, which tests of that behaviour call; the factories of these
two models make rows as they are stored, for tests that only need them present.
"""

from datetime import date
from decimal import Decimal

import factory
from django.conf import settings
from factory.django import DjangoModelFactory

from plan.models import (
    ActionPlanPage,
    AxisPage,
    ProjectEvaluation,
    ProjectIndicator,
    ProjectMilestone,
    ProjectPage,
    ProjectProgress,
    ProjectStatus,
    ProjectUpdate,
    ProjectUpdateAttachment,
)
from tests.cms.factories import home_page, locale_of, make_document, translate_page
from tests.participation.factories import EditorFactory, ResidentFactory

PLAN_TITLES = {
    "ar": "برنامج عمل الجماعة 2022-2027",
    "fr": "Programme d'action de la commune 2022-2027",
    "en": "Commune action plan 2022-2027",
}


def action_plan(language=settings.LANGUAGE_CODE):
    """The action plan of ``language``, created (published) if the site has none."""
    return ActionPlanPageFactory(locale=locale_of(language))


class ActionPlanPageFactory(DjangoModelFactory):
    """The action plan of one language, under that language's home page.

    The site holds one per language (``max_count_per_parent = 1``): when it exists already, it is
    returned as it is. The plan of another language than the source one is a translation of the
    source plan (created first if needed).
    """

    class Meta:
        model = ActionPlanPage

    locale = factory.LazyFunction(locale_of)
    title = factory.LazyAttribute(lambda o: PLAN_TITLES[o.locale.language_code])
    slug = factory.LazyAttribute(
        lambda o: (
            "action-plan"
            if o.locale.language_code == settings.LANGUAGE_CODE
            else f"action-plan-{o.locale.language_code}"
        )
    )
    introduction = "برنامج عمل جماعة سلا: المحاور والمشاريع ومدى تقدمها."
    show_in_menus = True

    @classmethod
    def _create(cls, model_class, *args, locale, **fields):
        home = home_page(locale.language_code)
        existing = model_class.objects.child_of(home).first()
        if existing is not None:
            return existing.specific
        if locale.language_code == settings.LANGUAGE_CODE:
            plan = model_class(locale=locale, **fields)
            home.add_child(instance=plan)
            plan.save_revision().publish()
            return model_class.objects.get(pk=plan.pk)
        source = cls(locale=locale_of(settings.LANGUAGE_CODE))
        return translate_page(source, locale.language_code, **fields)


class AxisPageFactory(DjangoModelFactory):
    """A live axis of the Arabic plan, with no project: tests count only their own."""

    class Meta:
        model = AxisPage

    title = "محور تجريبي"
    slug = factory.Sequence(lambda n: f"test-axis-{n}")
    introduction = ""
    proposal_category = None
    parent = factory.LazyFunction(action_plan)

    @classmethod
    def _create(cls, model_class, *args, parent, **fields):
        axis = model_class(**fields)
        parent.add_child(instance=axis)
        return model_class.objects.get(pk=axis.pk)


class ProjectPageFactory(DjangoModelFactory):
    """A live project, under a new axis unless ``parent`` names one; ``arrondissements``: where
    it takes place (none: the whole commune)."""

    class Meta:
        model = ProjectPage

    title = "مشروع تجريبي"
    slug = factory.Sequence(lambda n: f"test-project-{n}")
    objective = "هدف المشروع"
    budget_planned = Decimal(1_000_000)
    arrondissements = ()
    parent = factory.SubFactory(AxisPageFactory)

    @classmethod
    def _create(cls, model_class, *args, parent, arrondissements, **fields):
        fields["budget_planned"] = Decimal(fields["budget_planned"])
        project = model_class(**fields)
        project.arrondissements = list(arrondissements)
        parent.add_child(instance=project)
        return model_class.objects.get(pk=project.pk)


class ProjectIndicatorFactory(DjangoModelFactory):
    class Meta:
        model = ProjectIndicator

    page = factory.SubFactory(ProjectPageFactory)
    name = "مصابيح مركبة"
    unit = "مصباح"
    target = Decimal(200)
    current = None


class ProjectMilestoneFactory(DjangoModelFactory):
    class Meta:
        model = ProjectMilestone

    page = factory.SubFactory(ProjectPageFactory)
    title = "طلب العروض"
    due_on = date(2026, 6, 30)
    reached_on = None


class ProjectProgressFactory(DjangoModelFactory):
    """Where a project stands, as its last update left it (planned, nothing spent, by default)."""

    class Meta:
        model = ProjectProgress
        django_get_or_create = ("project",)

    project = factory.SubFactory(ProjectPageFactory)
    status = ProjectStatus.PLANNED
    percent = 0
    budget_planned = None
    budget_committed = Decimal(0)
    budget_spent = Decimal(0)
    updated_on = None


class ProjectUpdateFactory(DjangoModelFactory):
    """A dated update posted by an editor, changing no figure (a note: its ``changes`` are
    empty, so the project's standing stays consistent with it)."""

    class Meta:
        model = ProjectUpdate

    project = factory.SubFactory(ProjectPageFactory)
    date = date(2026, 1, 15)
    text = "انطلاق الأشغال"
    status = ""
    percent = None
    changes = factory.LazyFunction(dict)
    author = factory.LazyFunction(EditorFactory)


class ProjectUpdateAttachmentFactory(DjangoModelFactory):
    """A document attached to an update (``image=make_image()`` with a description: a photo)."""

    class Meta:
        model = ProjectUpdateAttachment

    update = factory.SubFactory(ProjectUpdateFactory)
    image = None
    document = factory.LazyFunction(make_document)
    description = "محضر الاستلام"


class ProjectEvaluationFactory(DjangoModelFactory):
    """A resident's evaluation, from their arrondissement, with the same score everywhere."""

    class Meta:
        model = ProjectEvaluation

    project = factory.SubFactory(ProjectPageFactory)
    resident = factory.SubFactory(ResidentFactory)
    arrondissement = factory.LazyAttribute(lambda o: o.resident.arrondissement)
    usefulness = 4
    quality = 4
    progress = 4
    communication = 4
    comment = ""
