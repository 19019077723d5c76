"""Builders of participatory budgets tests: the Arabic budgets index, budgets with their
envelopes and calendar, projects, voters and staff.

``BudgetPageFactory(phase=…)`` places today in that phase of the calendar; ``envelopes`` is a
list of ``(arrondissement slug or None, amount)``, the total their sum.
"""

import datetime

import factory
from django.conf import settings
from django.contrib.auth.models import Permission
from django.utils import timezone
from factory.django import DjangoModelFactory
from wagtail.models import Locale

from budgets.models import (
    BudgetIndexPage,
    BudgetPage,
    BudgetPhase,
    BudgetProject,
    Envelope,
    Feasibility,
)
from cms.models import HomePage
from participation.models import Arrondissement
from tests.participation.factories import IdentityDeclarationFactory, ResidentFactory

DAY = datetime.timedelta(days=1)
# Days from today to each phase's start, so that today falls in ``phase``.
CALENDARS = {
    BudgetPhase.UPCOMING: (5, 10, 20, 30, 60),
    BudgetPhase.IDEAS: (-1, 10, 20, 30, 60),
    BudgetPhase.REVIEW: (-10, -1, 20, 30, 60),
    BudgetPhase.VOTE: (-20, -10, -1, 30, 60),
    BudgetPhase.RESULTS: (-30, -20, -10, -1, 60),
    BudgetPhase.FOLLOW_UP: (-60, -30, -20, -10, -1),
}
PHASE_FIELDS = (
    "ideas_start_at",
    "review_start_at",
    "vote_start_at",
    "results_start_at",
    "follow_up_start_at",
)


def arrondissement(slug):
    return Arrondissement.objects.canonical().get(slug=slug) if slug else None


def budget_index():
    """The Arabic budgets index, created (published) if the site has none."""
    home = HomePage.objects.get(locale=Locale.objects.get(language_code=settings.LANGUAGE_CODE))
    existing = BudgetIndexPage.objects.child_of(home).first()
    if existing is not None:
        return existing
    index = BudgetIndexPage(title="الميزانية التشاركية", slug="budgets")
    home.add_child(instance=index)
    return BudgetIndexPage.objects.get(pk=index.pk)


class BudgetPageFactory(DjangoModelFactory):
    """A budget of 1,000,000 MAD in its vote phase: 600,000 for Bab Lamrissa, 400,000 for the
    whole commune; voting with a confirmed email and an arrondissement; a knapsack ballot."""

    class Meta:
        model = BudgetPage

    # Not fields of the page: _create reads them.
    phase = BudgetPhase.VOTE
    envelope_amounts = (("bab-lamrissa", 600_000), (None, 400_000))
    title = "الميزانية التشاركية 2026"
    slug = factory.Sequence(lambda n: f"budget-{n}")
    summary = "ميزانية يقترح السكان مشاريعها ويصوتون عليها."
    total_amount = factory.LazyAttribute(lambda o: sum(a for _s, a in o.envelope_amounts))

    @classmethod
    def _create(cls, model_class, *args, phase=BudgetPhase.VOTE, envelope_amounts=(), **fields):
        now = timezone.now()
        for name, days in zip(PHASE_FIELDS, CALENDARS[phase], strict=False):
            fields.setdefault(name, now + days * DAY)
        budget = model_class(**fields)
        budget.envelopes = [
            Envelope(arrondissement=arrondissement(slug), amount=amount, population=1000)
            for slug, amount in envelope_amounts
        ]
        budget.full_clean(exclude=["path", "depth"])
        budget_index().add_child(instance=budget)
        return model_class.objects.get(pk=budget.pk)


class BudgetProjectFactory(DjangoModelFactory):
    """A feasible project of Bab Lamrissa costing 100,000 MAD (``envelope`` slug: None for a
    commune-wide one)."""

    class Meta:
        model = BudgetProject

    budget = factory.SubFactory(BudgetPageFactory)
    author = factory.SubFactory(ResidentFactory)
    title = factory.Sequence(lambda n: f"مشروع {n}")
    description = "إنارة الحديقة العمومية."
    arrondissement = factory.LazyFunction(lambda: arrondissement("bab-lamrissa"))
    feasibility = Feasibility.FEASIBLE
    official_cost = 100_000
    department = "مصلحة الأشغال"


class VoterFactory(ResidentFactory):
    """A resident of Bab Lamrissa, confirmed email, born in 1990."""

    arrondissement = factory.LazyFunction(lambda: arrondissement("bab-lamrissa"))
    birth_year = 1990


def declared_voter(**declaration):
    """A voter with an identity declaration (Bab Lamrissa unless said otherwise)."""
    voter = VoterFactory()
    declaration.setdefault("arrondissement", arrondissement("bab-lamrissa"))
    IdentityDeclarationFactory(user=voter, **declaration)
    return voter


def staff_with(*codenames):
    """A staff member with the budgets permissions ``codenames``."""
    user = ResidentFactory(is_staff=True)
    user.user_permissions.add(
        *Permission.objects.filter(content_type__app_label="budgets", codename__in=codenames)
    )
    return type(user).objects.get(pk=user.pk)  # without the cached permissions


def reviewer():
    return staff_with("review_budgetproject")


def counter_agent():
    return staff_with("record_ballot_at_counter")


def many_projects(budget, count, place_every=1, cost=1000):
    """``count`` feasible projects of ``budget`` in one statement, for tests of size: every
    ``place_every``-th one in Bab Lamrissa, the others commune-wide; costs from ``cost`` up."""
    author = ResidentFactory()
    place = arrondissement("bab-lamrissa")
    BudgetProject.objects.bulk_create(
        BudgetProject(
            budget=budget,
            author=author,
            title=f"مشروع {n}",
            description="وصف",
            arrondissement=place if n % place_every == 0 else None,
            feasibility=Feasibility.FEASIBLE,
            official_cost=cost + n,
            department="الأشغال",
        )
        for n in range(count)
    )
    return list(BudgetProject.objects.filter(budget=budget).order_by("pk"))
