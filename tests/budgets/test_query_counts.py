"""The budget's pages keep their query count whatever the data's size: the ballot with 3 or 60
projects, the results with 3 or 60 projects and 2 or 200 ballots, a project's page with 1 or 50
supporters and merged ideas."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import translation

from budgets.models import BudgetPhase, Feasibility
from budgets.services import cast_ballot
from participation import supports
from tests.budgets.factories import (
    BudgetPageFactory,
    BudgetProjectFactory,
    VoterFactory,
    arrondissement,
    many_projects,
)
from tests.participation.factories import ResidentFactory

pytestmark = pytest.mark.django_db


def url(name, *args):
    with translation.override("ar"):
        return reverse(f"budgets:{name}", args=args)


def voting_budget(projects):
    """A budget in its vote phase with ``projects`` feasible projects in Bab Lamrissa's envelope
    of 600,000 MAD, the first three cheap enough to be chosen together."""
    budget = BudgetPageFactory(phase=BudgetPhase.VOTE)
    projects = many_projects(budget, projects, cost=10_000)
    local = budget.envelopes.get(arrondissement=arrondissement("bab-lamrissa"))
    return budget, local, projects


def queries_of(client, path, django_assert_max_num_queries, ceiling=60):
    client.get(path)  # what the site caches per page
    with django_assert_max_num_queries(ceiling) as captured:
        response = client.get(path)
    assert response.status_code == 200
    return len(captured.captured_queries)


def test_the_ballot_page_keeps_its_queries(client, django_assert_max_num_queries):
    voter = VoterFactory()
    client.force_login(voter)
    counts = []
    for size in (3, 60):
        budget, local, projects = voting_budget(size)
        cast_ballot(voter, local, [p.pk for p in projects[:3]])
        counts.append(
            queries_of(client, url("ballot", budget.pk, local.pk), django_assert_max_num_queries)
        )
    assert counts[1] <= counts[0]


def test_the_results_page_keeps_its_queries(client, django_assert_max_num_queries):
    counts = []
    for projects, voters in ((3, 2), (60, 200)):
        budget, local, chosen = voting_budget(projects)
        for n in range(voters):
            voter = VoterFactory()
            cast_ballot(voter, local, [chosen[n % 3].pk, chosen[(n + 1) % 3].pk])
        after = budget.results_start_at + datetime.timedelta(hours=1)
        with time_machine.travel(after, tick=False):
            counts.append(
                queries_of(client, url("results", budget.pk), django_assert_max_num_queries)
            )
    assert counts[1] <= counts[0]


def test_a_project_page_keeps_its_queries(client, django_assert_max_num_queries):
    counts = []
    client.force_login(ResidentFactory())
    for others in (1, 50):
        budget = BudgetPageFactory(phase=BudgetPhase.REVIEW)
        project = BudgetProjectFactory(budget=budget, feasibility=Feasibility.PENDING)
        for _ in range(others):
            supports.support(ResidentFactory(), project)
            BudgetProjectFactory(budget=budget, merged_into=project)
        counts.append(queries_of(client, url("project", project.pk), django_assert_max_num_queries))
    assert counts[1] <= counts[0]
