"""Factories of the proposals app: one per model of ``proposals/models.py``, registered as pytest
fixtures in ``conftest.py`` (``proposal_category``, ``proposal``, ``support``,
``proposal_event``).

The categories are the site skeleton's (the axes of the action plan, ``tests/site.py``):
``ProposalCategoryFactory`` returns the canonical row of a slug. A proposal is published by
default (``status=`` another ``ProposalStatus``: its ``published_at`` follows); the supports and
timeline steps are rows as stored, while the services keep ``support_count`` alongside
(``proposals.services.support``, ``record_support_count``).
"""

from decimal import Decimal

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from participation.commune_defaults import PLAN_AXES
from proposals.models import (
    PUBLIC_STATUSES,
    Proposal,
    ProposalCategory,
    ProposalEvent,
    ProposalStatus,
    Support,
)
from tests.participation.factories import (
    ArrondissementFactory,
    ModeratorFactory,
    ResidentFactory,
    TranslatedTermFactory,
    default_name,
)


class ProposalCategoryFactory(TranslatedTermFactory):
    """A theme of proposals: Mobility and roads unless ``slug`` names another axis of the plan."""

    class Meta:
        model = ProposalCategory

    slug = "mobility"
    name = default_name(PLAN_AXES)


class ProposalFactory(DjangoModelFactory):
    """A resident's proposal to light a street of Bettana, open for support.

    ``tags=[...]`` tags it; trait ``located``: placed on the map (the street of Bettana's
    market).
    """

    class Meta:
        model = Proposal
        skip_postgeneration_save = True

    class Params:
        located = factory.Trait(latitude=Decimal("34.044600"), longitude=Decimal("-6.810800"))

    title = "إنارة الشارع"
    body = (
        "نقترح إنارة الشارع الرئيسي: يبقى مظلما بعد المغرب، ويعود منه التلاميذ والتجار. "
        "تكفي أعمدة بمصابيح LED موفرة للطاقة على طول 600 متر."
    )
    category = factory.SubFactory(ProposalCategoryFactory)
    arrondissement = factory.SubFactory(ArrondissementFactory, slug="bettana")
    author = factory.SubFactory(ResidentFactory)
    status = ProposalStatus.PUBLISHED
    published_at = factory.LazyAttribute(
        lambda o: timezone.now() if o.status in PUBLIC_STATUSES else None
    )

    @factory.post_generation
    def tags(self, create, extracted, **kwargs):
        if create and extracted:
            self.tags.add(*extracted)


class SupportFactory(DjangoModelFactory):
    """A neighbour supports a proposal (the proposal's ``support_count`` is left as it is)."""

    class Meta:
        model = Support

    proposal = factory.SubFactory(ProposalFactory)
    user = factory.SubFactory(ResidentFactory)


class ProposalEventFactory(DjangoModelFactory):
    """A step of a proposal's public timeline: a moderator published it. Trait ``update``: news
    from its author."""

    class Meta:
        model = ProposalEvent

    class Params:
        update = factory.Trait(
            kind=ProposalEvent.Kind.UPDATE,
            status="",
            text="بدأنا جمع التوقيعات في الحي، وسنلتقي بالمقاطعة الأسبوع المقبل.",
            actor=factory.SelfAttribute("proposal.author"),
        )

    proposal = factory.SubFactory(ProposalFactory)
    kind = ProposalEvent.Kind.STATUS
    status = ProposalStatus.PUBLISHED
    text = ""
    actor = factory.SubFactory(ModeratorFactory)
    is_public = True
