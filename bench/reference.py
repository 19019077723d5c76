"""The bare-view references every benchmark measures beside Sharik, in the same run, on the same
server: a Django view returning "ok"; one doing a single ``INSERT … ON CONFLICT DO NOTHING`` of
one key into a table of one column; one doing a signature's own ``INSERT … ON CONFLICT DO
NOTHING`` (issue 13's "bare view doing the same INSERT"): the signature's columns, from the
request, into a copy of the signatures table with its indexes, checks and foreign keys, so
PostgreSQL does for it what it does for a signature's row; and one doing that INSERT for the
resident who sends it, with what it copies from their identity declaration, as any view that
knows who signs must: ``request.user`` (the session, then the resident's row with their
declaration, participation/backends.py), and nothing else of signing (no rule, rate limit,
form or message). They sit behind the whole middleware stack, so a POST to them carries the same
session and CSRF checks as a real form.

Mounted only when ``SHARIK_BENCH_REFERENCE=1`` (deploy/local-prod sets it), under /bench/.
"""

from django.db import connection
from django.http import HttpResponse, HttpResponseForbidden
from django.urls import path
from django.utils import timezone

from participation.backends import declaration_of
from petitions.models import Signature

TABLE = "bench_reference_insert"
SIGNATURE_TABLE = "bench_reference_signature"
# What a declaration copies into a signature, of a realistic size (a Fernet token for the CIN).
DECLARED = {
    "cin_encrypted": "gAAAAA" + "x" * 114,
    "full_name": "مواطن من سلا للقياس",
    "address": "حي السلام، سلا",
    "activity": "",
}


def ok(request):
    return HttpResponse("ok", content_type="text/plain")


def insert(request):
    key = request.POST.get("key", "") if request.method == "POST" else request.GET.get("key", "")
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {TABLE} (key) VALUES (%s) ON CONFLICT DO NOTHING",
            [key],
        )
    return HttpResponse("ok", content_type="text/plain")


def signature_insert(request):
    """A signature's row, as the signing statement writes it, with nothing read first: the
    petition, the resident and their arrondissement come in the form."""
    fields = request.POST
    _insert_signature(int(fields["petition"]), int(fields["user"]), int(fields["arrondissement"]))
    return HttpResponse("ok", content_type="text/plain")


def resident_signature_insert(request):
    """The same row for the resident who sends it, from their declaration: the least a view
    that knows who signs reads before it writes."""
    declaration = declaration_of(request.user) if request.user.is_authenticated else None
    if declaration is None:
        return HttpResponseForbidden("no declaration", content_type="text/plain")
    _insert_signature(
        int(request.POST["petition"]),
        request.user.pk,
        declaration.arrondissement_id,
        declared={
            "cin_encrypted": declaration.cin_encrypted,
            "full_name": declaration.full_name,
            "address": declaration.address,
            "activity": declaration.activity,
        },
        digest=declaration.cin_digest,
    )
    return HttpResponse("ok", content_type="text/plain")


def _insert_signature(petition, user, arrondissement, declared=DECLARED, digest=None):
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {SIGNATURE_TABLE} (petition_id, user_id, cin_digest, "
            "cin_encrypted, full_name, address, activity, arrondissement_id, on_electoral_roll, "
            "declaration_version, show_name, created_at, at_counter_id, recorded_by_id) "
            "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, true, '2024-1', false, %s, NULL, NULL) "
            "ON CONFLICT DO NOTHING",
            [
                petition,
                user,
                digest or f"{user:064d}",
                declared["cin_encrypted"],
                declared["full_name"],
                declared["address"],
                declared["activity"],
                arrondissement,
                timezone.now(),
            ],
        )


def create_table():
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TABLE IF NOT EXISTS {TABLE} (key varchar(64) PRIMARY KEY)")
        cursor.execute(f"TRUNCATE {TABLE}")
        if connection.vendor == "postgresql":
            _create_signature_table(cursor)


def _create_signature_table(cursor):
    """The copy of the signatures table: its columns, defaults, checks and indexes (``LIKE …
    INCLUDING ALL``) and its foreign keys, which ``LIKE`` leaves out, declared as Django declares
    them (read from the catalog)."""
    original = Signature._meta.db_table
    cursor.execute(f"DROP TABLE IF EXISTS {SIGNATURE_TABLE}")
    cursor.execute(f"CREATE TABLE {SIGNATURE_TABLE} (LIKE {original} INCLUDING ALL)")
    cursor.execute(
        "SELECT pg_get_constraintdef(oid) FROM pg_constraint "
        "WHERE conrelid = %s::regclass AND contype = 'f'",
        [original],
    )
    for (definition,) in cursor.fetchall():
        cursor.execute(f"ALTER TABLE {SIGNATURE_TABLE} ADD {definition}")


urlpatterns = [
    path("ok", ok),
    path("insert", insert),
    path("signature-insert", signature_insert),
    path("resident-signature-insert", resident_signature_insert),
]
