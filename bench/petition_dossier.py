"""How long the official dossier of a filed petition takes, and how much memory, for 2,000 and
10,000 signatories (petitions/dossier.py).

Runs against a throwaway test database (in memory with SQLite, or a ``test_…`` database when
DATABASE_URL points at PostgreSQL), so what is measured is the real path: rows streamed from the
database, each CIN decrypted, the CSV streamed, the PDF laid out with Arabic shaping.

    .venv/bin/python bench/petition_dossier.py [2000 10000 …]

Each size is timed without tracing, then traced once with tracemalloc for the peak of Python
allocations; the process's peak resident size is printed at the end.
"""

import logging
import os
import resource
import sys
import time
import tracemalloc
from datetime import timedelta
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sharik.settings")
django.setup()

from django.db import connection, transaction  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from django.utils import timezone, translation  # noqa: E402

from participation.models import Arrondissement, User  # noqa: E402
from participation.national_id import cin_digest, encrypt_cin  # noqa: E402
from petitions import dossier  # noqa: E402
from petitions.models import CouncilCompetence, Petition, PetitionStatus, Signature  # noqa: E402

SIZES = [int(size) for size in sys.argv[1:]] or [2_000, 10_000]


def filed_petition(signatories):
    arrondissements = list(Arrondissement.objects.canonical())
    mandataire = User.objects.create_user(
        f"mandataire{signatories}@sale.example", display_name="ممثل العريضة"
    )
    filed_at = timezone.now()
    petition = Petition.objects.create(
        title="إنارة عمومية في شارع محمد الخامس — Avenue Mohammed V",
        question="وضع إنارة عمومية في شارع محمد الخامس بين ساحة الشهداء وباب لمريسة.",
        reasons="الشارع مظلم ليلا ويخشى السكان المرور فيه بعد المغرب. " * 40,
        competence=CouncilCompetence.objects.canonical().first(),
        mandataire=mandataire,
        status=PetitionStatus.FILED,
        receipt_number=f"BENCH-{signatories}",
        filed_at=filed_at,
        signature_count=signatories,
    )
    petition.arrondissements.set(arrondissements[:2])
    names = ["محمد العلوي", "Fatima Zahra Bennani", "يوسف بن صالح", "Khadija El Idrissi"]
    addresses = ["زنقة 12، حي السلام، سلا", "Rue 4, Hay Karima, Salé", "تابريكت، الزنقة 7"]
    Signature.objects.bulk_create(
        (
            Signature(
                petition=petition,
                cin_digest=cin_digest(f"BK{number:06d}"),
                cin_encrypted=encrypt_cin(f"BK{number:06d}"),
                full_name=f"{names[number % len(names)]} {number}",
                address=addresses[number % len(addresses)],
                arrondissement=arrondissements[number % len(arrondissements)],
                on_electoral_roll=number % 3 != 0,
                declaration_version="bench",
                created_at=filed_at - timedelta(seconds=signatories - number),
            )
            for number in range(signatories)
        ),
        batch_size=1_000,
    )
    return petition


def consume_rows(petition):
    return sum(1 for _row in dossier.signatory_rows(petition))


def csv_size(petition):
    return sum(len(chunk.encode()) for chunk in dossier.dossier_csv(petition))


def pdf_size(petition):
    return len(dossier.dossier_pdf(petition))


def measure(function, petition):
    started = time.perf_counter()
    result = function(petition)
    elapsed = time.perf_counter() - started
    tracemalloc.start()
    function(petition)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return result, elapsed, peak


def main():
    logging.getLogger("fontTools").setLevel(logging.WARNING)
    setup_test_environment()
    started = time.perf_counter()
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    print(f"test database ready in {time.perf_counter() - started:.1f} s ({connection.vendor})")
    with translation.override("ar"):
        for signatories in SIZES:
            with transaction.atomic():
                started = time.perf_counter()
                petition = filed_petition(signatories)
                print(
                    f"\n{signatories} signatories "
                    f"(created in {time.perf_counter() - started:.1f} s)"
                )
                for label, function, unit in [
                    ("rows (query + decrypt)", consume_rows, "rows"),
                    ("CSV", csv_size, "bytes"),
                    ("PDF", pdf_size, "bytes"),
                ]:
                    result, elapsed, peak = measure(function, petition)
                    print(
                        f"  {label:<24} {elapsed:7.2f} s   peak Python heap "
                        f"{peak / 2**20:7.1f} MiB   {result:>11,} {unit}"
                    )
                transaction.set_rollback(True)
    peak_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\npeak resident size of the whole run: {peak_rss:.0f} MiB")


if __name__ == "__main__":
    main()
