"""Consents (participation/consents.py): the API other features code against, the history rows,
and the resident's consents page."""

import pytest
import time_machine
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse
from django.utils import timezone, translation

from participation import consents
from participation.models import Consent

pytestmark = pytest.mark.django_db


@pytest.fixture
def purpose():
    """An optional use of the test's own, forgotten afterwards."""
    registered = consents.register_purpose(
        "test-newsletter",
        label="The test newsletter",
        text="Sharik may email me the test newsletter.",
        version="1",
    )
    yield registered
    consents.unregister_purpose("test-newsletter")


def bump_version(purpose, version):
    consents.unregister_purpose(purpose.key)
    return consents.register_purpose(purpose.key, purpose.label, purpose.text, version)


# --- The registry -------------------------------------------------------------------------------


def test_registering_again_the_same_purpose_is_harmless(purpose):
    again = consents.register_purpose(purpose.key, purpose.label, purpose.text, purpose.version)
    assert again == purpose
    assert consents.purpose(purpose.key) == purpose
    assert purpose in consents.purposes()


def test_one_key_registered_twice_differently_is_refused(purpose):
    with pytest.raises(ImproperlyConfigured):
        consents.register_purpose(purpose.key, "Another label", purpose.text, purpose.version)


@pytest.mark.parametrize("key", ["", "x" * 61])
def test_a_purpose_needs_a_short_key(key):
    with pytest.raises(ImproperlyConfigured):
        consents.register_purpose(key, "Label", "Text", "1")


def test_an_unknown_purpose_is_a_mistake(user):
    for call in (consents.give, consents.withdraw, consents.has_consented):
        with pytest.raises(consents.UnknownPurpose):
            call(user, "never-registered")
    with pytest.raises(consents.UnknownPurpose):
        consents.consenting("never-registered")


# --- give, withdraw, has_consented, consenting ---------------------------------------------------


def test_giving_records_the_version_and_time(user, purpose):
    assert not consents.has_consented(user, purpose.key)
    with time_machine.travel("2026-12-01 10:00 +00:00", tick=False):
        row = consents.give(user, purpose.key)
    assert (row.user, row.purpose, row.text_version) == (user, purpose.key, "1")
    assert row.given_at == timezone.now().replace(2026, 12, 1, 10, 0, 0, 0)
    assert row.withdrawn_at is None
    assert consents.has_consented(user, purpose.key)
    assert list(consents.consenting(purpose.key)) == [user]


def test_giving_twice_keeps_one_row(user, purpose):
    first = consents.give(user, purpose.key)
    second = consents.give(user, purpose.key)
    assert first.pk == second.pk
    assert Consent.objects.filter(user=user).count() == 1


def test_withdrawing_keeps_the_history_and_giving_again_makes_a_new_row(user, purpose):
    given = consents.give(user, purpose.key)
    assert consents.withdraw(user, purpose.key) is True
    assert consents.withdraw(user, purpose.key) is False  # nothing left to withdraw
    assert not consents.has_consented(user, purpose.key)
    assert list(consents.consenting(purpose.key)) == []
    given.refresh_from_db()
    assert given.withdrawn_at is not None

    again = consents.give(user, purpose.key)
    assert again.pk != given.pk
    assert consents.has_consented(user, purpose.key)
    rows = Consent.objects.filter(user=user).order_by("pk")
    assert [row.withdrawn_at is None for row in rows] == [False, True]


def test_a_new_version_of_the_text_asks_again(user, resident, purpose):
    consents.give(user, purpose.key)
    consents.give(resident, purpose.key)
    bumped = bump_version(purpose, "2")
    assert not consents.has_consented(user, purpose.key)
    assert list(consents.consenting(purpose.key)) == []

    renewed = consents.give(user, purpose.key)
    assert renewed.text_version == "2"
    # The consent to the earlier text is closed, not overwritten.
    earlier = Consent.objects.get(user=user, text_version="1")
    assert earlier.withdrawn_at is not None
    assert consents.has_consented(user, bumped.key)
    assert list(consents.consenting(purpose.key)) == [user]


def test_consenting_is_a_queryset_of_active_accounts(user, resident, purpose):
    consents.give(user, purpose.key)
    consents.give(resident, purpose.key)
    resident.is_active = False
    resident.save(update_fields=["is_active"])
    found = consents.consenting(purpose.key)
    assert list(found.exclude(email=None).values_list("pk", flat=True)) == [user.pk]
    assert not consents.has_consented(resident, purpose.key)


def test_nobody_anonymous_has_consented(purpose):
    from django.contrib.auth.models import AnonymousUser

    assert consents.has_consented(AnonymousUser(), purpose.key) is False
    assert consents.has_consented(None, purpose.key) is False


def test_consents_are_in_the_residents_data_export(user, purpose):
    from participation.data_export import collect

    consents.give(user, purpose.key)
    consents.withdraw(user, purpose.key)
    sections = {s["model"]: s for s in collect(user)["json"]["sections"]}
    rows = sections["participation.Consent"]["rows"]
    assert len(rows) == 1
    assert rows[0]["purpose"] == purpose.key
    assert rows[0]["text_version"] == "1"
    assert rows[0]["withdrawn_at"] is not None


# --- The consents page ---------------------------------------------------------------------------


def consents_url(language="fr"):
    with translation.override(language):
        return reverse("profile_consents")


def test_the_page_needs_an_account(client):
    response = client.get(consents_url())
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_the_page_shows_the_privacy_notice_and_each_purpose(client, user, purpose):
    user.privacy_notice_accepted_at = timezone.now()
    user.privacy_notice_version = "2026-11"
    user.save()
    client.force_login(user)
    response = client.get(consents_url())
    assert response.status_code == 200
    page = response.content.decode()
    assert "2026-11" in page  # the notice's version
    assert purpose.label in page and purpose.text in page
    assert f'value="{purpose.key}"' in page
    # The privacy notice has no withdraw button: it is the condition of the account.
    assert page.count('name="action" value="withdraw"') == 0
    assert page.count('name="action" value="give"') == len(consents.purposes())


def test_giving_and_withdrawing_from_the_page(client, user, purpose):
    client.force_login(user)
    response = client.post(consents_url(), {"purpose": purpose.key, "action": "give"})
    assert response.status_code == 302
    assert consents.has_consented(user, purpose.key)
    page = client.get(consents_url()).content.decode()
    assert page.count('name="action" value="withdraw"') == 1

    client.post(consents_url(), {"purpose": purpose.key, "action": "withdraw"})
    assert not consents.has_consented(user, purpose.key)
    assert Consent.objects.filter(user=user).count() == 1


def test_the_page_refuses_an_unknown_purpose_or_action(client, user, purpose):
    client.force_login(user)
    assert client.post(consents_url(), {"purpose": "nope", "action": "give"}).status_code == 400
    assert client.post(consents_url(), {"purpose": purpose.key, "action": "x"}).status_code == 400
    assert not Consent.objects.exists()


def test_the_page_in_arabic(client, user, purpose):
    client.force_login(user)
    response = client.get(consents_url("ar"))
    assert response.status_code == 200
    assert 'dir="rtl"' in response.content.decode()


def test_the_profile_links_to_the_consents_page(client, user):
    client.force_login(user)
    with translation.override("fr"):
        profile = reverse("profile")
    assert consents_url() in client.get(profile).content.decode()
