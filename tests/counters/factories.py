"""Counter agents and residents' files at a counter."""

from django.contrib.auth.models import Group

from counters.models import CounterAgent, DocumentKind, IdentityCheck, Visit
from counters.roles import COUNTER_AGENTS, ensure_counter_agents_group
from participation.models import Arrondissement
from tests.participation.factories import ResidentFactory


def arrondissement(slug):
    return Arrondissement.objects.canonical().get(slug=slug)


def make_agent(counter_slug="tabriquet", **fields):
    """A member of staff in the "Counter agents" group, serving at one counter."""
    ensure_counter_agents_group()  # flushed by tests that commit; the migration made it
    user = ResidentFactory(is_staff=True, **fields)
    user.groups.add(Group.objects.get(name=COUNTER_AGENTS))
    CounterAgent.objects.create(user=user, arrondissement=arrondissement(counter_slug))
    return type(user).objects.get(pk=user.pk)  # without the cached permissions


def open_file(agent, resident, seen=False):
    """A file opened at the agent's counter for ``resident``; the card seen if ``seen``."""
    visit = Visit.objects.create(
        resident=resident, agent=agent, arrondissement=agent.counter_agent.arrondissement
    )
    if seen:
        IdentityCheck.objects.create(
            visit=visit,
            resident=resident,
            agent=agent,
            arrondissement=visit.arrondissement,
            document=DocumentKind.CIN,
        )
    return visit
