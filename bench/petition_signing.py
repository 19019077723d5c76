"""Signing throughput under concurrency: Sharik's guarded insert with batched recounts against a
per-signature UPDATE of one hot counter row (docs/architecture.md, "Counting").

Runs against a throwaway test database (``test_<name>`` when DATABASE_URL points at PostgreSQL,
which is what this measures; in memory with SQLite otherwise):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sharik_bench \\
    REDIS_URL=redis://127.0.0.1:6379/0 .venv/bin/python bench/petition_signing.py [signers] [threads]

Each signer signs once and one in ten tries a second time (a double submit). Printed: signatures
per second, latency percentiles of one signing call, duplicate rows (must be 0), and whether the
visible count is exact once the last signature has committed. As in production, recounts run
outside the request path: a worker thread here plays ``manage.py db_worker``, running the tasks
the signers queue (at most one recount queued per petition at a time); printed too are how many
recounts ran and how long after the last signature the visible count was exact.
"""

import os
import queue
import statistics
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sharik.settings")
os.environ["TASKS_BACKEND"] = "bench.task_queue.SharedQueueBackend"  # the Worker runs them
django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection, connections, transaction  # noqa: E402
from django.db.models import F  # noqa: E402
from django.utils import timezone  # noqa: E402

from bench.task_queue import QUEUE  # noqa: E402
from demo.bench_data import collecting_petition, residents_with_declarations  # noqa: E402
from participation.models import Arrondissement, User  # noqa: E402
from petitions import services  # noqa: E402
from petitions.models import Petition, Signature  # noqa: E402

SIGNERS = int(sys.argv[1]) if len(sys.argv) > 1 else 3000
THREADS = int(sys.argv[2]) if len(sys.argv) > 2 else 64


def make_signers(count):
    users = residents_with_declarations(count, "bench-signer", "BE")
    return list(User.objects.filter(pk__in=[u.pk for u in users]))


def make_petition(title):
    mandataire = User.objects.create_user(f"{title}@sale.example", display_name="وكيل")
    petition = collecting_petition(
        title, mandataire, collection_ends_on=timezone.localdate() + timezone.timedelta(days=30)
    )
    petition.arrondissements.add(Arrondissement.objects.canonical().first())
    return petition


def hot_row_sign(user, petition):
    """The design Sharik avoids: the same signing, plus one added to the petition's counter in
    the signature's transaction (one hot row every signer updates)."""
    with transaction.atomic():
        if services.sign(user, petition):
            Petition.objects.filter(pk=petition.pk).update(signature_count=F("signature_count") + 1)


class Worker(threading.Thread):
    """Runs queued tasks, like ``manage.py db_worker`` (the dummy backend keeps them in a list)."""

    def __init__(self):
        super().__init__(daemon=True)
        self.stopping = threading.Event()
        self.recounts = 0

    def run(self):
        try:
            while not (self.stopping.is_set() and QUEUE.empty()):
                try:
                    result = QUEUE.get(timeout=0.01)
                except queue.Empty:
                    continue
                result.task.func(*result.args, **result.kwargs)
                self.recounts += result.task.name == "refresh_signature_count"
        finally:
            connections.close_all()


def run(label, sign, petition, users):
    attempts = users + users[::10]  # one in ten signs twice
    barrier = threading.Barrier(THREADS)
    latencies = []
    lock = threading.Lock()
    chunks = [attempts[i::THREADS] for i in range(THREADS)]

    def worker(chunk):
        barrier.wait()
        mine = []
        try:
            for user in chunk:
                started = time.perf_counter()
                sign(user, petition)
                mine.append(time.perf_counter() - started)
        finally:
            connections.close_all()
        with lock:
            latencies.extend(mine)

    background = Worker()
    background.start()
    started = time.perf_counter()
    with ThreadPoolExecutor(THREADS) as pool:
        list(pool.map(worker, chunks))
    elapsed = time.perf_counter() - started
    rows = Signature.objects.filter(petition=petition).count()
    signed_at = time.perf_counter()
    while Petition.objects.get(pk=petition.pk).signature_count != rows:
        if time.perf_counter() - signed_at > 60:
            break
        time.sleep(0.01)
    exact_after = time.perf_counter() - signed_at
    background.stopping.set()
    background.join()
    petition.refresh_from_db()
    latencies.sort()
    print(
        f"{label:<44} {len(attempts) / elapsed:>9.0f} /s  "
        f"p50 {statistics.median(latencies) * 1000:>6.1f} ms  "
        f"p99 {latencies[int(len(latencies) * 0.99)] * 1000:>7.1f} ms  "
        f"rows {rows} (expected {len(users)})  visible count {petition.signature_count}, "
        f"exact {exact_after:.2f} s after the last signature, {background.recounts} recounts"
    )


def main():
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    database_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        print(
            f"{connection.vendor}, {SIGNERS} signers (+{SIGNERS // 10} double submits), "
            f"{THREADS} threads, cache {settings.CACHES['default']['BACKEND'].rsplit('.', 1)[-1]}"
        )
        users = make_signers(SIGNERS)
        run(
            "Sharik: guarded insert + batched recount",
            lambda user, petition: services.sign(user, petition),
            make_petition("sharik"),
            users,
        )
        run("Baseline: same + hot-row UPDATE +1", hot_row_sign, make_petition("hot-row"), users)
    finally:
        connections.close_all()
        connection.creation.destroy_test_db(database_name, verbosity=0)


if __name__ == "__main__":
    main()
