"""Writes under load through the real views, against deploy/local-prod, beside bare views measured
in the same run by the same load generator (bench/load.py, a process of its own).

    deploy/local-prod start
    .venv/bin/python bench/writes.py            # quick: about 60 s
    .venv/bin/python bench/writes.py --long     # 30 s per measure

Each simulated resident has a real session (stored as a log-in stores it) and a CSRF cookie, and
posts the real form with its masked token: the views check the session, CSRF, the rate limits,
the permissions and the law as for a person. One resident in four submits twice (a double
click). Measured at 64 connections:

- bare view returning "ok" (POST, same session and CSRF), bare view doing one
  ``INSERT … ON CONFLICT`` (bench/reference.py);
- signing a petition (POST /<lang>/petitions/<pk>/sign/), supporting a proposal, commenting on
  a discussion (each comment form with its one-time key), submitting a consultation's
  questionnaire (the demo's six questions answered).

Printed for each: requests/s and its ratio to the bare views, p50/p99, answers by status; then
duplicates (must be 0) and how long after the last write the displayed count was exact.
Goals (issue 13): signing ≥ 0.3× the bare view and ≥ 0.6× the bare insert, p99 ≤ 500 ms, no
duplicate, the count exact ≤ 2 s after the last write.
"""

import json
import os
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

from common import use_local_prod

use_local_prod()

from allauth.account.models import EmailAddress  # noqa: E402
from django.conf import settings  # noqa: E402
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402
from django.contrib.sessions.backends.cached_db import KEY_PREFIX  # noqa: E402
from django.contrib.sessions.models import Session  # noqa: E402
from django.core.cache import caches  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.middleware.csrf import _get_new_csrf_string, _mask_cipher_secret  # noqa: E402
from django.utils import timezone  # noqa: E402
from django.utils.crypto import get_random_string  # noqa: E402

from bench.reference import create_table  # noqa: E402
from cms.models import StandardPage  # noqa: E402
from consultations.forms import field_name  # noqa: E402
from consultations.models import Response  # noqa: E402
from consultations.questions import QuestionKind  # noqa: E402
from demo.bench_data import (  # noqa: E402
    collecting_petition,
    consultation_with_responses,
    residents_with_declarations,
)
from participation.models import Arrondissement, Comment, User  # noqa: E402
from participation.sessions import SessionStore  # noqa: E402
from petitions.models import Petition, Signature  # noqa: E402
from proposals.models import Proposal, ProposalCategory, ProposalStatus, Support  # noqa: E402

LONG = "--long" in sys.argv
SECONDS = 30 if LONG else 10
CONNECTIONS = 64
RESIDENTS = 12_000 if LONG else 4_000
LOAD = Path(__file__).resolve().parent / "load.py"


def residents(count, run):
    """``count`` residents with a verified email, an identity declaration, a session and a CSRF
    secret: ``[(user id, Cookie header, form token)]``."""
    users = residents_with_declarations(count, f"bench-{run}", f"W{run % 10_000:04d}")
    EmailAddress.objects.bulk_create(
        EmailAddress(user=user, email=user.email, verified=True, primary=True) for user in users
    )
    sessions, people = [], []
    expiry = timezone.now() + timezone.timedelta(days=1)
    store = SessionStore()
    for user in users:
        key = get_random_string(32, "abcdefghijklmnopqrstuvwxyz0123456789")
        data = {
            SESSION_KEY: str(user.pk),
            # As a log-in through the site records it (participation/backends.py).
            BACKEND_SESSION_KEY: "participation.backends.ResidentBackend",
            HASH_SESSION_KEY: user.get_session_auth_hash(),
        }
        sessions.append(
            Session(session_key=key, session_data=store.encode(data), expire_date=expiry)
        )
        secret = _get_new_csrf_string()
        cookie = (
            f"{settings.SESSION_COOKIE_NAME}={key}; {settings.CSRF_COOKIE_NAME}={secret}; "
            f"{settings.LANGUAGE_COOKIE_NAME}=ar"
        )
        people.append((user.pk, cookie, _mask_cipher_secret(secret)))
    Session.objects.bulk_create(sessions)
    # A log-in stores the session in the database and in the cache in front of it
    # (cached_db): so do these.
    cached = caches[settings.SESSION_CACHE_ALIAS]
    cached.set_many(
        {
            KEY_PREFIX + session.session_key: store.decode(session.session_data)
            for session in sessions
        },
        timeout=24 * 3600,
    )
    return people


def load(requests, seconds=SECONDS, connections=CONNECTIONS):
    plan = {
        "host": "127.0.0.1",
        "port": int(os.environ.get("LOCAL_PROD_PORT", "8080")),
        "connections": connections,
        "seconds": seconds,
        "requests": requests,
    }
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as file:
        json.dump(plan, file)
    try:
        output = subprocess.run(
            [sys.executable, LOAD, file.name], capture_output=True, text=True, check=True
        ).stdout
    finally:
        os.unlink(file.name)
    return json.loads(output)


def posts(people, path, fields, double_every=4):
    return [
        {
            "path": path(n) if callable(path) else path,
            "cookie": cookie,
            "body": "&".join(
                [f"csrfmiddlewaretoken={token}", *(fields(n) if callable(fields) else fields)]
            ),
            "double": n % double_every == 0,
        }
        for n, (_pk, cookie, token) in enumerate(people)
    ]


def questionnaire_answers(questions):
    """Form fields answering every question of the demo's questionnaire (first choices, ranks in
    order, the middle of the scale, a short text)."""
    fields = []
    for question in questions:
        if question.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
            fields.append(f"{field_name(question)}={question.choices[0].id}")
        elif question.kind == QuestionKind.RANKING:
            fields += [
                f"{field_name(question, choice.id)}={rank}"
                for rank, choice in enumerate(question.choices, start=1)
            ]
        elif question.kind == QuestionKind.SCALE:
            fields.append(f"{field_name(question)}=3")
        else:
            fields.append(f"{field_name(question)}=جواب")
    return fields


def more_than_one(rows, by):
    """How many people (``by``) have more than one of ``rows``: the duplicates."""
    return rows.values(by).annotate(n=Count("id")).filter(n__gt=1).count()


def count_exact_after(read_displayed, read_rows, limit=30):
    """Seconds until the displayed count equals the rows (polling every 50 ms)."""
    started = time.monotonic()
    while time.monotonic() - started < limit:
        if read_displayed() == read_rows():
            return time.monotonic() - started
        time.sleep(0.05)
    return float("inf")


def main():
    run = int(time.time())
    create_table()
    started = time.monotonic()
    people = residents(RESIDENTS, run)
    petition = collecting_petition(f"عريضة قياس الكتابة {run}", User.objects.get(pk=people[-1][0]))
    proposal = Proposal.objects.create(
        title=f"مقترح قياس {run}",
        body="قياس أداء الدعم",
        author=User.objects.get(pk=people[-1][0]),
        arrondissement=Arrondissement.objects.canonical().first(),
        category=ProposalCategory.objects.canonical().first(),
        status=ProposalStatus.PUBLISHED,
        published_at=timezone.now(),
    )
    print(
        f"{RESIDENTS:,} residents with sessions ready in {time.monotonic() - started:.0f} s; "
        f"{CONNECTIONS} connections, {SECONDS} s per measure, one resident in four submits twice\n"
    )
    quarter = RESIDENTS // 4
    signers, supporters = people[:quarter], people[quarter : 2 * quarter]
    commenters, participants = people[2 * quarter : 3 * quarter], people[3 * quarter :]
    results = {}
    results["bare view"] = load(posts(people, "/bench/ok", []))
    results["bare insert"] = load(posts(people, "/bench/insert", lambda n: [f"key={run}-{n}"]))
    sign_path = f"/ar/petitions/{petition.pk}/sign/"
    results["signing"] = load(posts(signers, sign_path, ["action=sign", "accept=on"]))
    signing_exact = count_exact_after(
        lambda: Petition.objects.get(pk=petition.pk).signature_count,
        lambda: Signature.objects.filter(petition=petition).count(),
    )
    support_path = f"/ar/proposals/{proposal.pk}/support/"
    results["supporting"] = load(posts(supporters, support_path, ["action=support"]))
    support_exact = count_exact_after(
        lambda: Proposal.objects.get(pk=proposal.pk).support_count,
        lambda: Support.objects.filter(proposal=proposal).count(),
    )

    discussion = StandardPage.objects.get(slug="bench-discussion")
    comment_path = f"/ar/threads/{discussion.thread_key}/comment/"
    results["commenting"] = load(
        posts(
            commenters,
            comment_path,
            lambda n: [
                f"body=تعليق+رقم+{n}+من+{run}",
                f"submission={uuid.UUID(int=run * 10**6 + n)}",
            ],
        )
    )
    commenters_ids = [pk for pk, _cookie, _token in commenters]
    consultation = consultation_with_responses(0, slug=f"bench-writes-{run}")
    answers = questionnaire_answers(consultation.questions)
    results["answering"] = load(
        posts(participants, consultation.url + "questionnaire/", ["action=submit", *answers])
    )
    participants_ids = [pk for pk, _cookie, _token in participants]

    bare, insert = results["bare view"]["rate"], results["bare insert"]["rate"]
    print(
        f"{'measure':<14} {'req/s':>8} {'× bare':>7} {'× insert':>9} {'p50':>7} {'p99':>8}  answers"
    )
    for name, result in results.items():
        print(
            f"{name:<14} {result['rate']:8,.0f} {result['rate'] / bare:7.2f} "
            f"{result['rate'] / insert:9.2f} {result['p50']:5.0f}ms {result['p99']:6.0f}ms  "
            f"{result['statuses']}"
        )
    duplicates = sum(
        more_than_one(rows, by)
        for rows, by in [
            (Signature.objects.filter(petition=petition), "user_id"),
            (Support.objects.filter(proposal=proposal), "user_id"),
            (Comment.objects.filter(author_id__in=commenters_ids), "author_id"),
            (Response.objects.filter(consultation=consultation), "participant_id"),
        ]
    )
    responses = Response.objects.filter(
        consultation=consultation, participant_id__in=participants_ids
    ).submitted()
    comments = Comment.objects.filter(author_id__in=commenters_ids).count()
    signatures = Signature.objects.filter(petition=petition).count()
    supports = Support.objects.filter(proposal=proposal).count()
    print(
        f"\nsignatures {signatures:,}, supports {supports:,}, comments {comments:,}, "
        f"submitted questionnaires {responses.count():,}, "
        f"duplicates {duplicates}; "
        f"displayed counts exact {signing_exact:.2f} s (signatures) and {support_exact:.2f} s "
        "(supports) after the last write"
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM bench_reference_insert")
        print(f"bare inserts stored: {cursor.fetchone()[0]:,}")


if __name__ == "__main__":
    main()
