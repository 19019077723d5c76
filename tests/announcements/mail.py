"""A mail backend for the tests: Django's local-memory one, that dies like a killed worker
(``SystemExit``, which no ``except Exception`` catches) once it has sent ``die_after``."""

from django.core import mail
from django.core.mail.backends.locmem import EmailBackend


class DyingBackend(EmailBackend):
    die_after = None

    def send_messages(self, messages):
        if self.die_after is not None and len(mail.outbox) >= self.die_after:
            raise SystemExit("the worker is killed")
        return super().send_messages(messages)
