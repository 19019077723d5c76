"""``manage.py rotate_cin_keys``: after putting a new key first in SHARIK_CIN_ENCRYPTION_KEYS,
re-encrypt every stored CIN with it; then the old key can be removed."""

from django.core.management.base import BaseCommand
from django.db import transaction

from participation.models import IdentityDeclaration
from participation.national_id import rotate_token


class Command(BaseCommand):
    help = "Re-encrypt every stored national ID number with the newest key."

    def handle(self, *args, **options):
        count = 0
        with transaction.atomic():
            for declaration in IdentityDeclaration.objects.select_for_update().only(
                "pk", "cin_encrypted"
            ):
                declaration.cin_encrypted = rotate_token(declaration.cin_encrypted)
                declaration.save(update_fields=["cin_encrypted"])
                count += 1
        self.stdout.write(f"Re-encrypted {count} national ID numbers with the newest key.")
