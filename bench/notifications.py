"""A council decision on a petition followed by 100,000 residents, told in the background
(petitions/announcements.py ``notify_step`` → participation/notifications.py ``notify_many``):
queries per thousand recipients, time, and the peak of Python memory, for 10,000 and 100,000
followers, so constant memory and bounded queries show as figures. Then the same announcement
run again (a worker that died and whose task was taken up): nothing new is created.

    .venv/bin/python bench/notifications.py [10000 100000]

Runs against the deploy/local-prod database (PostgreSQL), in this process: the measure is of
the task itself, as the worker runs it. The residents it creates are kept for later runs and
chose to be told on the site only (no email tasks: the emails are not what is measured).
"""

import sys
import time
import tracemalloc

from common import use_local_prod

use_local_prod()

from django.db import connection, reset_queries  # noqa: E402
from django.utils import timezone  # noqa: E402

from participation.models import (  # noqa: E402
    EmailFrequency,
    Follow,
    Notification,
    NotificationCategory,
    NotificationPreference,
    User,
)
from participation.services import host_content_type  # noqa: E402
from petitions.announcements import notify_step  # noqa: E402
from petitions.models import (  # noqa: E402
    CouncilCompetence,
    Petition,
    PetitionEvent,
    PetitionStatus,
)

SIZES = [int(size) for size in sys.argv[1:]] or [10_000, 100_000]


def followers(count):
    """``count`` residents (made once, kept): ``bench-follower-<n>@sale.example``."""
    have = User.objects.filter(email__startswith="bench-follower-").count()
    if have < count:
        User.objects.bulk_create(
            (
                User(
                    email=f"bench-follower-{n}@sale.example",
                    display_name=f"متابع {n}",
                    password="!",  # noqa: S106 (unusable)
                    preferred_language=("ar", "fr", "en")[n % 3],
                )
                for n in range(have, count)
            ),
            batch_size=5_000,
        )
        # Told on the site only: the benchmark measures the fan-out, not 100,000 emails.
        NotificationPreference.objects.bulk_create(
            (
                NotificationPreference(
                    user_id=pk,
                    category=NotificationCategory.FOLLOWED_ACTIVITY,
                    email_frequency=EmailFrequency.NEVER,
                )
                for pk in User.objects.filter(email__startswith="bench-follower-")
                .values_list("pk", flat=True)
                .iterator(chunk_size=5_000)
            ),
            batch_size=5_000,
            ignore_conflicts=True,
        )
    return User.objects.filter(email__startswith="bench-follower-").order_by("pk")[:count]


def petition_followed_by(count):
    petition = Petition.objects.create(
        title=f"عريضة {count:,} متابع",
        question="هل توافقون؟",
        reasons="قياس",
        competence=CouncilCompetence.objects.canonical().first(),
        mandataire=User.objects.filter(is_superuser=False).first(),
        status=PetitionStatus.DECIDED,
        signature_threshold=400,
    )
    content_type = host_content_type(petition)
    Follow.objects.bulk_create(
        (
            Follow(user_id=pk, content_type=content_type, object_id=petition.pk, automatic=True)
            for pk in followers(count).values_list("pk", flat=True).iterator(chunk_size=5_000)
        ),
        batch_size=5_000,
    )
    event = PetitionEvent.objects.create(
        petition=petition,
        status=PetitionStatus.DECIDED,
        text="قرار المجلس",
        created_at=timezone.now(),
    )
    return petition, event


def main():
    print(f"{connection.vendor}; followers of one petition told of the council's decision\n")
    print(
        f"{'followers':>10} {'seconds':>8} {'queries':>8} {'per 1,000':>10} {'peak MiB':>9}  run again"
    )
    for count in SIZES:
        petition, event = petition_followed_by(count)
        reset_queries()
        tracemalloc.start()
        started = time.perf_counter()
        queries = []  # counted, not kept: the SQL of the inserts would weigh more than the task

        def counted(execute, sql, params, many, context, queries=queries):
            queries.append(1)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(counted):
            told = notify_step(petition.pk, event.pk)
        elapsed = time.perf_counter() - started
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        created = Notification.objects.filter(key=f"petition-event:{event.pk}").count()
        notify_step(petition.pk, event.pk)  # the task taken up again
        again = Notification.objects.filter(key=f"petition-event:{event.pk}").count() - created
        print(
            f"{count:>10,} {elapsed:8.1f} {len(queries):>8,} {len(queries) / count * 1000:>10.1f} "
            f"{peak / 2**20:>9.1f}  +{again} notifications (told {told:,}, stored {created:,})"
        )


if __name__ == "__main__":
    main()
