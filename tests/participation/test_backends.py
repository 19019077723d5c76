"""The resident loaded for a request (participation/backends.py): whether their email is
confirmed comes with them, and their row and permissions are remembered per generation of public
content, so a change of groups, of the resident or of their email is seen at the next request,
and each request gets an instance of its own."""

import pytest
from django.contrib.auth.models import Group

from participation import pagecache
from participation.backends import ResidentBackend, declaration_of
from tests.factories import ResidentFactory, declare_identity


def load_in_a_request(user_id):
    """What AuthenticationMiddleware does for a request, inside the generation the page cache
    middleware reads."""
    token = pagecache._generation.set(pagecache.current_generation())
    try:
        return ResidentBackend().get_user(user_id)
    finally:
        pagecache._generation.reset(token)


@pytest.mark.django_db(transaction=True)
def test_permissions_cost_no_query_once_remembered_and_follow_a_change_of_groups(
    django_assert_num_queries,
):
    resident = ResidentFactory()
    first = load_in_a_request(resident.pk)
    assert first._sharik_email_verified is True
    assert not first.has_perm("participation.moderate_content")
    with django_assert_num_queries(0):  # the resident and permissions are remembered
        again = load_in_a_request(resident.pk)
        assert not again.has_perm("participation.moderate_content")
    assert again is not first and again == first

    resident.groups.add(Group.objects.get(name="Moderators"))
    promoted = load_in_a_request(resident.pk)
    assert promoted.has_perm("participation.moderate_content")


@pytest.mark.django_db(transaction=True)
def test_a_change_of_the_resident_or_of_their_email_is_seen_at_the_next_request():
    resident = ResidentFactory(display_name="قديم")
    load_in_a_request(resident.pk)
    resident.display_name = "جديد"
    resident.save()
    assert load_in_a_request(resident.pk).display_name == "جديد"
    resident.emailaddress_set.update(verified=False)  # no signal: as if never remembered
    pagecache.pages_changed()
    assert load_in_a_request(resident.pk)._sharik_email_verified is False
    address = resident.emailaddress_set.get()
    address.verified = True
    address.save()  # a confirmation, as allauth saves it
    assert load_in_a_request(resident.pk)._sharik_email_verified is True
    resident.is_active = False
    resident.save()
    assert load_in_a_request(resident.pk) is None


@pytest.mark.django_db(transaction=True)
def test_a_resident_without_group_or_permission_costs_one_query(django_assert_num_queries):
    resident = ResidentFactory()
    moderator = ResidentFactory()
    moderator.groups.add(Group.objects.get(name="Moderators"))
    pagecache.pages_changed()  # nothing remembered
    with django_assert_num_queries(1):
        loaded = load_in_a_request(resident.pk)
        assert not loaded.has_perm("participation.moderate_content")
    with django_assert_num_queries(3):  # their row, then their own and their groups' permissions
        loaded = load_in_a_request(moderator.pk)
        assert loaded.has_perm("participation.moderate_content")


@pytest.mark.django_db(transaction=True)
def test_the_declaration_comes_with_the_resident_and_a_change_of_it_is_seen(
    django_assert_num_queries,
):
    resident = ResidentFactory()
    pagecache.pages_changed()
    with django_assert_num_queries(1):  # the resident, their email and their declaration
        loaded = load_in_a_request(resident.pk)
        assert declaration_of(loaded) is None
    declaration = declare_identity(resident, address="حي السلام")
    loaded = load_in_a_request(resident.pk)  # declaring moved the generation on
    with django_assert_num_queries(0):
        assert declaration_of(loaded) == declaration
        assert declaration_of(loaded).address == "حي السلام"
        assert declaration_of(loaded).masked_cin == declaration.masked_cin
    declaration.address = "حي الرحمة"
    declaration.save()
    assert declaration_of(load_in_a_request(resident.pk)).address == "حي الرحمة"
    declaration.delete()
    assert declaration_of(load_in_a_request(resident.pk)) is None


@pytest.mark.django_db
def test_a_resident_loaded_elsewhere_has_their_declaration_read(django_assert_num_queries):
    resident = type(ResidentFactory()).objects.get(pk=ResidentFactory().pk)
    declaration = declare_identity(resident)
    with django_assert_num_queries(1):
        assert declaration_of(resident) == declaration


def test_a_memo_keeps_the_residents_of_one_generation_only():
    """Entries of an older generation are never read again: they are dropped, not kept until
    the memo is full (a viral petition moves the generation on every second or so)."""
    computed = []

    def remember(generation, key):
        token = pagecache._generation.set(generation)
        try:
            return pagecache.remembered(key, lambda: computed.append(key) or key, True)
        finally:
            pagecache._generation.reset(token)

    remember(1, ("resident", 1))
    remember(1, ("resident", 1))
    assert computed == [("resident", 1)]
    remember(2, ("resident", 2))
    generation, memo = pagecache._memos["per_resident"].current
    assert generation == 2 and list(memo) == [("resident", 2)]
    remember(2, ("resident", 1))  # worked out again in the new generation
    assert computed == [("resident", 1), ("resident", 2), ("resident", 1)]


@pytest.mark.django_db
def test_remembered_fields_give_an_instance_of_those_fields_in_any_order(
    django_assert_num_queries,
):
    from proposals.models import Proposal
    from tests.proposals.factories import ProposalFactory

    proposal = ProposalFactory()
    token = pagecache._generation.set(pagecache.current_generation())
    try:
        # Asked in another order than the model's: each value lands in its own field.
        read = pagecache.remembered_fields(Proposal, proposal.pk, {"status", "author_id", "id"})
        assert (read.pk, read.status, read.author_id) == (
            proposal.pk,
            proposal.status,
            proposal.author_id,
        )
        with django_assert_num_queries(0):  # remembered for the generation
            again = pagecache.remembered_fields(
                Proposal, proposal.pk, {"id", "status", "author_id"}
            )
        assert again is not read and again.status == proposal.status
        assert pagecache.remembered_fields(Proposal, proposal.pk + 1000, {"id"}) is None
        with pytest.raises(ValueError):
            pagecache.remembered_fields(Proposal, proposal.pk, {"id", "author"})
    finally:
        pagecache._generation.reset(token)
