"""The identity declaration and national ID numbers: validated, encrypted, unique, never shown."""

import logging

import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command
from django.utils import translation
from django.utils.translation import gettext

from participation.models import IdentityDeclaration
from participation.national_id import (
    cin_digest,
    decrypt_cin,
    encrypt_cin,
    mask_cin,
    normalise_cin,
    validate_cin,
)
from tests.factories import ResidentFactory, UnverifiedResidentFactory
from tests.participation.test_account_pages import SUMMARY, summary_of


def declaration_data(**overrides):
    from participation.models import Arrondissement

    return {
        "full_name": "سلمى بنعلي",
        "cin": "ab 123-456",
        "basis": "residence",
        "address": "زنقة 12، حي السلام، سلا",
        "activity": "",
        "arrondissement": Arrondissement.objects.canonical().get(slug="bettana").pk,
        "on_electoral_roll": "on",
        "accept_declaration": "on",
        **overrides,
    }


@pytest.mark.parametrize("value", ["AB123456", "a1", "ab-123 456", "K98765"])
def test_valid_cin_formats(value):
    validate_cin(value)


@pytest.mark.parametrize("value", ["", "123456", "ABC12345", "AB1234567", "AB12X", "<script>"])
def test_invalid_cin_formats(value):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        validate_cin(value)


def test_encryption_round_trip_and_digest():
    token = encrypt_cin("ab 123456")
    assert "AB123456" not in token and "123456" not in token
    assert decrypt_cin(token) == "AB123456"
    assert cin_digest("AB123456") == cin_digest("ab-123 456")
    assert cin_digest("AB123456") != cin_digest("AB123457")
    assert mask_cin("AB123456") == "AB****56"
    assert normalise_cin(" ab.123/456 ") == "AB123456"


@pytest.mark.django_db
def test_declaration_over_http_stores_only_encrypted_cin(client, resident, caplog):
    client.force_login(resident)
    caplog.set_level(logging.DEBUG)
    response = client.post("/fr/profile/identity/", declaration_data())
    assert response.status_code == 302
    declaration = IdentityDeclaration.objects.get(user=resident)
    assert decrypt_cin(declaration.cin_encrypted) == "AB123456"
    assert declaration.cin_digest == cin_digest("AB123456")
    assert declaration.declaration_version
    # The number appears nowhere else: not in the row's other fields, the page or the logs.
    row = IdentityDeclaration.objects.filter(pk=declaration.pk).values().get()
    assert not any("123456" in str(value) for key, value in row.items())
    page = client.get("/fr/profile/identity/").content.decode()
    assert "123456" not in page and "AB****56" in page
    assert "123456" not in caplog.text
    assert "123456" not in repr(declaration) and "123456" not in str(declaration)


@pytest.mark.django_db
def test_one_cin_cannot_be_declared_on_two_accounts(client):
    first, second = ResidentFactory(), ResidentFactory()
    client.force_login(first)
    client.post("/ar/profile/identity/", declaration_data())
    client.force_login(second)
    response = client.post("/ar/profile/identity/", declaration_data(cin="AB-123456"))
    assert response.status_code == 200
    assert 'class="error-summary"' in response.content.decode()
    assert not IdentityDeclaration.objects.filter(user=second).exists()


@pytest.mark.django_db
def test_activity_basis_needs_the_activity_and_errors_keep_input(client, resident):
    client.force_login(resident)
    response = client.post("/fr/profile/identity/", declaration_data(basis="activity", address=""))
    assert response.status_code == 200
    content = response.content.decode()
    assert "سلمى بنعلي" in content
    assert not IdentityDeclaration.objects.filter(user=resident).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["ar", "fr"])
def test_the_summary_names_the_declaration_box_briefly(client, resident, language):
    client.force_login(resident)
    data = declaration_data()
    del data["accept_declaration"]
    response = client.post(f"/{language}/profile/identity/", data)
    entries = summary_of(response)
    with translation.override(language):
        name = gettext("Identity declaration")
        message = gettext("You need to accept the declaration to sign petitions.")
        sentence = str(response.context["form"]["accept_declaration"].label)
    assert name != "Identity declaration"  # the catalog has it
    # The box's label is a sentence: the summary names it briefly and links to it.
    assert entries == {"id_accept_declaration": (name, message)}
    assert sentence not in SUMMARY.search(response.content.decode()).group(0)
    assert not IdentityDeclaration.objects.filter(user=resident).exists()


@pytest.mark.django_db
def test_declaration_needs_a_confirmed_email(client):
    client.force_login(UnverifiedResidentFactory())
    assert client.get("/ar/profile/identity/").status_code == 403


@pytest.mark.django_db
def test_correcting_keeps_the_cin_when_left_empty(client, resident):
    client.force_login(resident)
    client.post("/fr/profile/identity/", declaration_data())
    client.post("/fr/profile/identity/", declaration_data(cin="", address="Nouvelle adresse"))
    declaration = IdentityDeclaration.objects.get(user=resident)
    assert declaration.address == "Nouvelle adresse"
    assert decrypt_cin(declaration.cin_encrypted) == "AB123456"


@pytest.mark.django_db
def test_key_rotation(client, resident, settings):
    client.force_login(resident)
    client.post("/fr/profile/identity/", declaration_data())
    old_token = IdentityDeclaration.objects.get(user=resident).cin_encrypted
    new_key = Fernet.generate_key().decode()
    settings.SHARIK_CIN_ENCRYPTION_KEYS = [new_key, *settings.SHARIK_CIN_ENCRYPTION_KEYS]
    call_command("rotate_cin_keys", stdout=open("/dev/null", "w"))  # noqa: SIM115
    new_token = IdentityDeclaration.objects.get(user=resident).cin_encrypted
    assert new_token != old_token
    settings.SHARIK_CIN_ENCRYPTION_KEYS = [new_key]  # the old key can now be retired
    assert decrypt_cin(new_token) == "AB123456"


@pytest.mark.django_db
def test_the_link_with_the_commune_offers_only_real_choices(client, resident):
    client.force_login(resident)
    content = client.get("/ar/profile/identity/").content.decode()
    assert 'name="basis" value=""' not in content
    assert 'value="residence"' in content and 'value="activity"' in content
