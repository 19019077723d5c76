"""Supports of the core (participation/supports.py), on the host that opts in: a budget project
while ideas are gathered and reviewed."""

import threading

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.urls import reverse
from django.utils import translation

from budgets.models import BudgetPhase, Feasibility
from budgets.services import merge
from participation import supports
from participation.models import Follow, Support
from tests.budgets.factories import BudgetPageFactory, BudgetProjectFactory, reviewer
from tests.participation.factories import ResidentFactory, UnverifiedResidentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def project():
    return BudgetProjectFactory(
        budget=BudgetPageFactory(phase=BudgetPhase.IDEAS), feasibility=Feasibility.PENDING
    )


def support_url(host, language="ar"):
    with translation.override(language):
        return reverse("toggle_support", args=[host.thread_key])


def project_url(project, language="ar"):
    with translation.override(language):
        return reverse("budgets:project", args=[project.pk])


def supporters(host):
    content_type = ContentType.objects.get_for_model(host)
    return Support.objects.filter(content_type=content_type, object_id=host.pk)


def test_supporting_twice_makes_one_support_and_a_follow(
    project, django_capture_on_commit_callbacks
):
    resident = ResidentFactory()
    with django_capture_on_commit_callbacks(execute=True):
        assert supports.support(resident, project) is True
        assert supports.support(resident, project) is False
    assert supporters(project).count() == 1
    project.refresh_from_db()
    assert project.support_count == 1
    assert Follow.objects.filter(user=resident, object_id=project.pk, automatic=True).exists()
    assert supports.has_supported(resident, project)


def test_withdrawing_recounts(project, django_capture_on_commit_callbacks):
    resident = ResidentFactory()
    with django_capture_on_commit_callbacks(execute=True):
        supports.support(resident, project)
        assert supports.withdraw_support(resident, project) is True
        assert supports.withdraw_support(resident, project) is False
    project.refresh_from_db()
    assert project.support_count == 0
    assert not supporters(project).exists()


def test_a_resident_supports_through_the_page(client, project, django_capture_on_commit_callbacks):
    resident = ResidentFactory()
    client.force_login(resident)
    page = client.get(project_url(project))
    assert support_url(project) in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(support_url(project), {"action": "support"})
    assert response.status_code == 302
    assert response["Location"] == project_url(project) + "#support"
    page = client.get(project_url(project))
    content = page.content.decode()
    assert 'data-live-counter="supports">1<' in content
    with translation.override("ar"):
        from django.utils.translation import gettext

        assert gettext("Withdraw my support") in content

    with django_capture_on_commit_callbacks(execute=True):
        client.post(support_url(project), {"action": "withdraw"})
    project.refresh_from_db()
    assert project.support_count == 0


def test_the_author_and_unverified_residents_may_not_support(client, project):
    for user in (project.author, UnverifiedResidentFactory()):
        client.force_login(user)
        assert client.post(support_url(project), {"action": "support"}).status_code == 403
    assert not supporters(project).exists()


def test_anonymous_visitors_are_sent_to_log_in(client, project):
    response = client.post(support_url(project), {"action": "support"})
    assert response.status_code == 302
    assert "login" in response["Location"]
    assert "login" in client.get(project_url(project)).content.decode()


@pytest.mark.parametrize(
    "change",
    [
        {"phase": BudgetPhase.VOTE},
        {"feasibility": Feasibility.UNFEASIBLE},
    ],
)
def test_supports_close_with_the_review(client, change):
    budget = BudgetPageFactory(phase=change.get("phase", BudgetPhase.REVIEW))
    project = BudgetProjectFactory(
        budget=budget, feasibility=change.get("feasibility", Feasibility.FEASIBLE)
    )
    resident = ResidentFactory()
    supports.support(resident, project)  # before the change, say
    client.force_login(resident)
    assert client.post(support_url(project), {"action": "support"}).status_code == 403
    # Nor can a support be withdrawn once the figure is closed.
    assert client.post(support_url(project), {"action": "withdraw"}).status_code == 403
    assert supporters(project).count() == 1
    with translation.override("en"):
        content = client.get(project_url(project, "en")).content.decode()
        assert "You support this." in content
        assert support_url(project, "en") not in content
        client.force_login(ResidentFactory())
        assert "Supports are closed." in client.get(project_url(project, "en")).content.decode()


def test_hosts_that_do_not_opt_in_refuse_supports(client):
    from tests.proposals.factories import ProposalFactory

    proposal = ProposalFactory()  # proposals count their supports in their own table
    client.force_login(ResidentFactory())
    assert client.post(support_url(proposal), {"action": "support"}).status_code == 403
    assert not supporters(proposal).exists()


def test_supports_are_rate_limited(client, project, settings):
    settings.SHARIK_RATE_LIMITS = {**settings.SHARIK_RATE_LIMITS, "support": "2/m/user"}
    client.force_login(ResidentFactory())
    codes = [client.post(support_url(project), {"action": "support"}).status_code for _ in range(3)]
    assert codes[-1] == 429


def test_merging_carries_the_supporters_over(project, django_capture_on_commit_callbacks):
    other = BudgetProjectFactory(budget=project.budget, feasibility=Feasibility.PENDING)
    both, only_other = ResidentFactory(), ResidentFactory()
    for resident in (both, only_other, project.author):
        supports.support(resident, other)
    supports.support(both, project)
    with django_capture_on_commit_callbacks(execute=True):
        merge(reviewer(), [other], into=project)
    assert set(supporters(project).values_list("user_id", flat=True)) == {both.pk, only_other.pk}
    project.refresh_from_db()
    assert project.support_count == 2


def test_the_budget_page_lists_the_most_supported_ideas_first(client, project):
    popular = BudgetProjectFactory(budget=project.budget, feasibility=Feasibility.PENDING)
    for _ in range(2):
        supports.support(ResidentFactory(), popular)
    supports.record_support_count(ContentType.objects.get_for_model(popular).pk, popular.pk)
    content = client.get(project.budget.url).content.decode()
    assert content.index(popular.title) < content.index(project.title)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("transactional_db")  # the site skeleton, built again after a flush
def test_forty_threads_eight_residents_make_exactly_eight_supports():
    project = BudgetProjectFactory(
        budget=BudgetPageFactory(phase=BudgetPhase.IDEAS), feasibility=Feasibility.PENDING
    )
    residents = [ResidentFactory() for _ in range(8)]
    barrier = threading.Barrier(40)
    errors = []

    def click(user):
        try:
            barrier.wait(timeout=30)
            supports.support(user, project)
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=click, args=(residents[i % 8],)) for i in range(40)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert supporters(project).count() == 8
    project.refresh_from_db()
    assert project.support_count == 8
