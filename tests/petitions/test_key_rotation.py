"""Rotating the CIN keys re-encrypts the copies signatures keep, not only the declarations: after
the old key is retired, a filed petition's dossier still reads every signatory's CIN."""

import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command

from participation.models import IdentityDeclaration
from participation.national_id import decrypt_cin
from petitions import services
from petitions.models import Signature
from tests.factories import make_petition, make_signatory

pytestmark = pytest.mark.django_db


def test_rotation_re_encrypts_signatures_too(settings):
    petition = make_petition()
    signatory = make_signatory(cin="CD123456")
    assert services.sign(signatory, petition)
    signature = Signature.objects.get(petition=petition, user=signatory)
    old_tokens = {
        "declaration": IdentityDeclaration.objects.get(user=signatory).cin_encrypted,
        "signature": signature.cin_encrypted,
    }
    new_key = Fernet.generate_key().decode()
    settings.SHARIK_CIN_ENCRYPTION_KEYS = [new_key, *settings.SHARIK_CIN_ENCRYPTION_KEYS]

    call_command("rotate_cin_keys", stdout=open("/dev/null", "w"))  # noqa: SIM115

    settings.SHARIK_CIN_ENCRYPTION_KEYS = [new_key]  # the old key is retired
    declaration = IdentityDeclaration.objects.get(user=signatory)
    signature.refresh_from_db()
    assert declaration.cin_encrypted != old_tokens["declaration"]
    assert signature.cin_encrypted != old_tokens["signature"]
    assert decrypt_cin(declaration.cin_encrypted) == "CD123456"
    assert decrypt_cin(signature.cin_encrypted) == "CD123456"
