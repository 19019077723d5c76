"""Who may do what at a counter: the role's permission matrix, checked through the named rules
and through the pages."""

import pytest
from django.urls import reverse

from counters.roles import COUNTER_AGENTS
from tests.counters.factories import make_agent, open_file
from tests.factories import ResidentFactory, make_moderator, make_signatory

pytestmark = pytest.mark.django_db

ROLES = ["visitor", "resident", "moderator", "other_counter_agent", "agent"]


def person(role):
    from django.contrib.auth.models import AnonymousUser

    return {
        "visitor": AnonymousUser,
        "resident": ResidentFactory,
        "moderator": make_moderator,
        "other_counter_agent": lambda: make_agent("bettana"),
        "agent": lambda: make_agent("tabriquet"),
    }[role]()


@pytest.fixture
def visit():
    return open_file(make_agent("tabriquet"), make_signatory(), seen=True)


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        ("visitor", False),
        ("resident", False),
        ("moderator", False),
        ("other_counter_agent", True),
        ("agent", True),
    ],
)
def test_who_works_at_a_counter(role, allowed):
    user = person(role)
    assert user.has_perm("counters.use_counter") is allowed
    assert user.has_perm("counters.open_file") is allowed


@pytest.mark.parametrize(
    "permission",
    [
        "counters.view_file",
        "counters.record_identity_check",
        "counters.record_declaration",
        "counters.sign_for_resident",
        "counters.download_receipt",
    ],
)
@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        ("visitor", False),
        ("resident", False),
        ("moderator", False),
        ("other_counter_agent", False),
        ("agent", True),
    ],
)
def test_a_file_is_served_only_at_its_own_counter(visit, permission, role, allowed):
    user = person(role)
    if role == "agent":
        user = visit.agent
    assert user.has_perm(permission, visit) is allowed


def test_signing_and_declaring_wait_for_the_card_seen():
    agent = make_agent()
    visit = open_file(agent, make_signatory())
    assert agent.has_perm("counters.view_file", visit)
    assert agent.has_perm("counters.record_identity_check", visit)
    assert not agent.has_perm("counters.sign_for_resident", visit)
    assert not agent.has_perm("counters.record_declaration", visit)


def test_leaving_the_group_ends_the_role():
    agent = make_agent()
    agent.groups.clear()
    agent = type(agent).objects.get(pk=agent.pk)
    assert not agent.has_perm("counters.use_counter")


def test_the_group_has_the_role_s_permissions():
    from django.contrib.auth.models import Group

    make_agent()
    codenames = set(
        Group.objects.get(name=COUNTER_AGENTS).permissions.values_list("codename", flat=True)
    )
    assert codenames == {"serve_at_counter", "record_ballot_at_counter"}


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("visitor", 302),
        ("resident", 403),
        ("moderator", 403),
        ("other_counter_agent", 403),
        ("agent", 200),
    ],
)
def test_the_file_page_matrix(client, visit, role, status):
    user = visit.agent if role == "agent" else person(role)
    if user.is_authenticated:
        client.force_login(user)
    response = client.get(reverse("counters:file", args=[visit.pk]))
    assert response.status_code == status
    if status == 302:
        assert "/accounts/login/" in response["Location"]
    for url in [
        reverse("counters:receipt", args=[visit.pk]),
        reverse("counters:declaration", args=[visit.pk]),
    ]:
        assert client.get(url).status_code == status


@pytest.mark.parametrize(
    ("role", "status"),
    [("visitor", 302), ("resident", 403), ("moderator", 403), ("agent", 200)],
)
def test_the_counter_home_matrix(client, role, status):
    user = person(role)
    if user.is_authenticated:
        client.force_login(user)
    assert client.get(reverse("counters:home")).status_code == status
    assert client.get(reverse("counters:new_resident")).status_code == status


def test_an_agent_of_another_counter_cannot_write_on_the_file(client, visit):
    from petitions.models import Signature
    from tests.factories import make_petition

    petition = make_petition()
    client.force_login(make_agent("bettana"))
    response = client.post(
        reverse("counters:sign", args=[visit.pk]), {"petition": petition.pk, "slip_filed": "on"}
    )
    assert response.status_code == 403
    response = client.post(
        reverse("counters:identity_check", args=[visit.pk]), {"document": "cin", "confirm": "on"}
    )
    assert response.status_code == 403
    assert not Signature.objects.filter(petition=petition, user=visit.resident).exists()


@pytest.mark.django_db
def test_the_account_menu_leads_an_agent_to_their_counter(client):
    """Only an agent's menu has the link (participation/parts.py ACCOUNT_MENU_LINKS_HOOK)."""
    from django.utils import translation

    with translation.override("ar"):
        counter = reverse("counters:home")
    client.force_login(make_agent("tabriquet"))
    assert f'href="{counter}"' in client.get("/ar/").content.decode()
    client.force_login(ResidentFactory(is_staff=True))
    assert f'href="{counter}"' not in client.get("/ar/").content.decode()
