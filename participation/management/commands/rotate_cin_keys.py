"""``manage.py rotate_cin_keys``: after putting a new key first in SHARIK_CIN_ENCRYPTION_KEYS,
re-encrypt every stored CIN with it; then the old key can be removed.

Every model that stores an encrypted CIN names its field ``cin_encrypted``: the identity
declarations here, and the copies features keep of them (a petition's signatures keep the CIN
declared when signing, for the dossier). The command finds them all through the app registry, so
the core needs to know no feature (docs/legal.md, "Law 09-08")."""

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction

from participation.national_id import rotate_token

ENCRYPTED_CIN_FIELD = "cin_encrypted"


def models_storing_a_cin():
    return [
        model
        for model in apps.get_models()
        if any(field.name == ENCRYPTED_CIN_FIELD for field in model._meta.concrete_fields)
    ]


class Command(BaseCommand):
    help = "Re-encrypt every stored national ID number with the newest key."

    def handle(self, *args, **options):
        count = 0
        with transaction.atomic():
            for model in models_storing_a_cin():
                rows = model._base_manager.select_for_update().only("pk", ENCRYPTED_CIN_FIELD)
                batch = []
                for row in rows.iterator(chunk_size=2000):
                    setattr(row, ENCRYPTED_CIN_FIELD, rotate_token(row.cin_encrypted))
                    batch.append(row)
                    if len(batch) == 2000:
                        model._base_manager.bulk_update(batch, [ENCRYPTED_CIN_FIELD])
                        count += len(batch)
                        batch = []
                model._base_manager.bulk_update(batch, [ENCRYPTED_CIN_FIELD])
                count += len(batch)
        self.stdout.write(f"Re-encrypted {count} national ID numbers with the newest key.")
