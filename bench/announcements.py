"""An announcement to every resident who opted in, at 10,000 and 100,000 recipients: time,
queries per thousand, and the peak of Python memory while sending (tracemalloc), beside a bare
Django reference that sends the same emails through the same backend from a plain
``.iterator()`` over the users, with no claim, no batch and no record. Constant memory shows as
the same peak at both sizes; the cost of "never twice" as the ratio of times. Then the task run
again (a worker taken up after a kill): nothing more is sent.

    .venv/bin/python bench/announcements.py [10000 100000]

With ``DATABASE_URL`` set it runs there (an empty PostgreSQL database gets the tables, made
from the models as the tests' --nomigrations does); otherwise in a scratch SQLite database made
for the run in a temporary directory and deleted after. The mail
backend builds each message's bytes (as SMTP would send them) and counts them: the measure is
of the task, not of a mail server.
"""

import os
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
scratch = None
if not os.environ.get("DATABASE_URL"):
    scratch = tempfile.TemporaryDirectory(prefix="sharik-bench-announcements-")
    os.environ["SHARIK_DATA_DIR"] = scratch.name
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sharik.settings")
os.environ["DEBUG"] = "false"  # no query log kept in memory

import django  # noqa: E402

django.setup()

from allauth.account.models import EmailAddress  # noqa: E402
from django.conf import settings  # noqa: E402
from django.core.mail import EmailMultiAlternatives, get_connection  # noqa: E402
from django.core.mail.backends.base import BaseEmailBackend  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402

from announcements.apps import CONSENT_PURPOSE  # noqa: E402
from announcements.audiences import opted_in  # noqa: E402
from announcements.models import Announcement, AnnouncementStatus, AnnouncementText  # noqa: E402
from announcements.sending import send_batches  # noqa: E402
from participation import consents  # noqa: E402
from participation.models import Consent, User  # noqa: E402

SIZES = [int(size) for size in sys.argv[1:]] or [10_000, 100_000]
PREFIX = "bench-announcement-"


class NoMigrations:
    def __contains__(self, app_label):
        return True

    def __getitem__(self, app_label):
        return None


class CountingBackend(BaseEmailBackend):
    """Builds every message as it would leave (MIME bytes) and keeps only the count."""

    sent = 0
    size = 0

    def send_messages(self, messages):
        for message in messages:
            CountingBackend.size += len(message.message().as_bytes())
        CountingBackend.sent += len(messages)
        return len(messages)


def residents(count):
    """``count`` residents who opted in (made once, kept for the next size)."""
    have = User.objects.filter(email__startswith=PREFIX).count()
    if have >= count:
        return
    User.objects.bulk_create(
        (
            User(
                email=f"{PREFIX}{n}@sale.example",
                display_name=f"ساكن {n}",
                password="!",  # noqa: S106 (unusable)
                preferred_language=("ar", "fr", "zgh", "en")[n % 4],
            )
            for n in range(have, count)
        ),
        batch_size=5_000,
    )
    new = User.objects.filter(email__startswith=PREFIX, consents__isnull=True)
    version = consents.purpose(CONSENT_PURPOSE).version
    now = timezone.now()
    rows = list(new.values_list("pk", "email").iterator(chunk_size=5_000))
    EmailAddress.objects.bulk_create(
        (EmailAddress(user_id=pk, email=email, verified=True, primary=True) for pk, email in rows),
        batch_size=5_000,
    )
    Consent.objects.bulk_create(
        (
            Consent(user_id=pk, purpose=CONSENT_PURPOSE, text_version=version, given_at=now)
            for pk, _email in rows
        ),
        batch_size=5_000,
    )


def announcement():
    made = Announcement.objects.create(status=AnnouncementStatus.SENDING)
    for language, subject, body in [
        ("ar", "انقطاع الماء يوم الثلاثاء", "ينقطع الماء في الأحياء التالية…\n\nhttps://sale.ma/"),
        ("fr", "Coupure d'eau mardi", "L'eau sera coupée dans les quartiers suivants…"),
    ]:
        AnnouncementText.objects.create(
            announcement=made, language=language, subject=subject, body=body
        )
    return made


def measured(function):
    # A count, not a list of queries: a list would grow with the audience under tracemalloc
    # (8 bytes a query: 2.4 MiB at 100,000 recipients) and be measured as the task's memory.
    queries = 0

    def counted(execute, sql, params, many, context):
        nonlocal queries
        queries += 1
        return execute(sql, params, many, context)

    CountingBackend.sent = 0
    tracemalloc.start()
    started = time.perf_counter()
    with connection.execute_wrapper(counted):
        function()
    elapsed = time.perf_counter() - started
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return elapsed, queries, peak, CountingBackend.sent


def sharik_send(count):
    made = announcement()
    made.recipient_count = count

    def run():
        while send_batches(made.pk, seconds=3600) == "more":
            pass

    return made, run


def bare_send(count):
    """The reference: the same emails from a plain iterator, nothing recorded."""

    def run():
        mail = get_connection()
        users = opted_in().filter(email__startswith=PREFIX).order_by("pk")[:count]
        for pk, email, _language in users.values_list("pk", "email", "preferred_language").iterator(
            chunk_size=500
        ):
            message = EmailMultiAlternatives(
                "انقطاع الماء يوم الثلاثاء",
                "ينقطع الماء في الأحياء التالية…",
                settings.DEFAULT_FROM_EMAIL,
                [email],
                connection=mail,
                headers={"List-Unsubscribe": f"<{settings.SHARIK_SITE_URL}/u/{pk}/>"},
            )
            message.attach_alternative("<p>ينقطع الماء في الأحياء التالية…</p>", "text/html")
            message.send()

    return run


def main():
    settings.EMAIL_BACKEND = f"{__name__}.CountingBackend"
    if "participation_user" not in connection.introspection.table_names():
        # The tables as the models stand, without running every migration (as the tests'
        # --nomigrations does): the benchmark needs the tables, not the data migrations.
        print("Creating the tables in an empty database …", flush=True)
        settings.MIGRATION_MODULES = NoMigrations()
        call_command("migrate", run_syncdb=True, verbosity=0)
    print(
        f"{connection.vendor}; an announcement to every resident who opted in "
        f"(batches of {settings.SHARIK_ANNOUNCEMENT_BATCH_SIZE})\n"
    )
    print(
        f"{'recipients':>10} | {'Sharik s':>8} {'queries':>9} {'/1,000':>7} {'peak MiB':>8} | "
        f"{'bare s':>7} {'peak MiB':>8} | {'time ×':>6} | run again"
    )
    for count in SIZES:
        residents(count)
        # Only this run's residents: the others opted out (their consent withdrawn).
        Consent.objects.filter(user__email__startswith=PREFIX).update(withdrawn_at=None)
        beyond = User.objects.filter(email__startswith=PREFIX).order_by("pk")[count:]
        Consent.objects.filter(user__in=beyond.values("pk")).update(withdrawn_at=timezone.now())
        made, run = sharik_send(count)
        elapsed, queries, peak, sent = measured(run)
        bare_elapsed, _bare_queries, bare_peak, bare_sent = measured(bare_send(count))
        Announcement.objects.filter(pk=made.pk).update(status=AnnouncementStatus.SENDING)
        _again_elapsed, _again_queries, _again_peak, again = measured(
            lambda made=made: send_batches(made.pk, seconds=3600)
        )
        assert sent == bare_sent == count, (sent, bare_sent, count)
        print(
            f"{count:>10,} | {elapsed:8.1f} {queries:>9,} {queries / count * 1000:>7.0f} "
            f"{peak / 2**20:>8.1f} | {bare_elapsed:7.1f} {bare_peak / 2**20:>8.1f} | "
            f"{elapsed / bare_elapsed:>5.1f}× | +{again} sent",
            flush=True,
        )


if __name__ == "__main__":
    try:
        main()
    finally:
        if scratch is not None:
            connection.close()
            scratch.cleanup()
