"""Writes under load through the real views, against deploy/local-prod, beside bare views measured
in the same run by the same load generator (bench/load.py, a process of its own).

    deploy/local-prod start
    .venv/bin/python bench/writes.py            # quick: 10 s per measure, about 100 s in all
    .venv/bin/python bench/writes.py --long     # 30 s per measure
    .venv/bin/python bench/writes.py ballots    # some writes only, with the bare views (about 50 s)

Casting ballots needs the per-address limit of ballots lifted as deploy/local-prod lifts the
others' (the load comes from one address): start it with
``RATE_LIMIT_BUDGET_BALLOT=30/h/user,1000000/m/ip deploy/local-prod start``; the benchmark reads
the running server's limit and stops before measuring if it would refuse the load.

Each simulated resident has a real session (stored as a log-in stores it) and a CSRF cookie, and
posts the real form with its masked token: the views check the session, CSRF, the rate limits,
the permissions and the law as for a person. One resident in four submits twice (a double
click). Measured at 64 connections:

- bare view returning "ok" (POST, same session and CSRF), bare view doing one
  ``INSERT … ON CONFLICT`` of one key, bare view doing a signature's own ``INSERT … ON
  CONFLICT`` into a copy of the signatures table, and that INSERT for the resident who sends it,
  from their declaration (``request.user``; residents of its own, each sending their first
  request, as signers do) (bench/reference.py);
- signing a petition (POST /<lang>/petitions/<pk>/sign/), supporting a proposal, commenting on
  a discussion (each comment form with its one-time key; meanwhile a resident reads the
  thread in Arabic, its comments arriving live on a socket: bench/thread_viewer.py),
  submitting a consultation's questionnaire (the demo's six questions answered), casting a participatory budget's ballot
  (POST /<lang>/budgets/<budget>/vote/<envelope>/: a budget in its vote phase created for the
  run, an envelope per arrondissement with twelve feasible projects; each voter, of age and
  with an arrondissement, chooses projects of their envelope within its amount).

Printed for each: requests/s and its ratio to the bare views, p50/p99, answers by status; then
duplicates (must be 0: no two signatures, supports, comments or questionnaires by one person,
no voter with two ballots in an envelope, no double submit adding a second version of a
ballot, every ballot counting the choice sent) and how long after the last write the displayed
count was exact.
Goals (issue 13): signing ≥ 0.3× the bare view and ≥ 0.6× a bare view doing one insert (printed
against the one-key insert, the signature's own, which is the "same INSERT" of the issue's first
figure, and that INSERT for the resident who sends it, "× resident"), p99 ≤ 500 ms, no
duplicate, the count exact ≤ 2 s after the last write. Issue 16: ballots cast through the view
under the same load, no duplicate.
"""

import json
import os
import random
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

from common import ROOT, use_local_prod

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
from budgets.models import (  # noqa: E402
    Ballot,
    BallotChoice,
    BallotVersion,
    BudgetIndexPage,
    BudgetPage,
    BudgetProject,
    Envelope,
    Feasibility,
)
from cms.models import HomePage, StandardPage  # noqa: E402
from consultations.forms import field_name  # noqa: E402
from consultations.models import Response  # noqa: E402
from consultations.questions import QuestionKind  # noqa: E402
from demo.bench_data import (  # noqa: E402
    collecting_petition,
    consultation_with_responses,
    residents_with_declarations,
)
from participation.models import Arrondissement, Comment, User  # noqa: E402
from participation.ratelimits import parse_rates  # noqa: E402
from participation.sessions import SessionStore  # noqa: E402
from petitions.models import Petition, Signature  # noqa: E402
from proposals.models import Proposal, ProposalCategory, ProposalStatus, Support  # noqa: E402

LONG = "--long" in sys.argv
SECONDS = 30 if LONG else 10
CONNECTIONS = 64
# Residents per write measured: more than any write takes in its time (the fastest, signing and
# supporting, answered 500-750 requests a second here on 2026-12-01, a resident in four sending
# two), so that each measure lasts its SECONDS. A list that runs out cuts a measure short (1,000
# residents once lasted 1.5 s), and then its start and its end (64 connections opening, the last
# requests draining) weigh in its figures as in no other's: the table says when one did. The
# bare views are posted by four groups' worth.
GROUP = 800 * SECONDS
# The residents of the bare view that signs for whoever sends it: each sends their first request
# there, as each signer does (a resident's row is remembered after it, per generation).
KNOWING = 2 * GROUP
SCENARIOS = ("signing", "supporting", "commenting", "answering", "ballots")
CHOSEN = [name for name in sys.argv[1:] if not name.startswith("-")] or list(SCENARIOS)
LOAD = Path(__file__).resolve().parent / "load.py"
VIEWER = Path(__file__).resolve().parent / "thread_viewer.py"
PORT = int(os.environ.get("LOCAL_PROD_PORT", "8080"))
PROJECTS_PER_ENVELOPE = 12
ENVELOPE_AMOUNT = 2_000_000


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
        "port": PORT,
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


def more_than_one(rows, *by):
    """How many people (``by``: one field or more) have more than one of ``rows``: the
    duplicates."""
    return rows.values(*by).annotate(n=Count("id")).filter(n__gt=1).count()


def voting_budget(run, author):
    """A budget in its vote phase, created for the run (so the figures depend on no demo
    budget): an envelope of ``ENVELOPE_AMOUNT`` MAD per arrondissement and
    ``PROJECTS_PER_ENVELOPE`` feasible projects in each, costed 100,000–900,000 MAD. Returns the
    budget and ``{arrondissement id: (envelope id, {project id: cost})}``."""
    index = BudgetIndexPage.objects.filter(locale__language_code=settings.LANGUAGE_CODE).first()
    if index is None:
        home = HomePage.objects.get(locale__language_code=settings.LANGUAGE_CODE)
        index = home.add_child(
            instance=BudgetIndexPage(title="الميزانية التشاركية", slug="budgets")
        )
    places = list(Arrondissement.objects.canonical().order_by("slug"))
    now, day = timezone.now(), timezone.timedelta(days=1)
    budget = BudgetPage(
        title=f"ميزانية قياس التصويت {run}",
        slug=f"bench-ballots-{run}",
        summary="قياس أداء التصويت",
        total_amount=ENVELOPE_AMOUNT * len(places),
        ideas_start_at=now - 40 * day,
        review_start_at=now - 30 * day,
        vote_start_at=now - day,
        results_start_at=now + 30 * day,
        follow_up_start_at=now + 60 * day,
    )
    budget.envelopes = [
        Envelope(arrondissement=place, amount=ENVELOPE_AMOUNT, population=200_000)
        for place in places
    ]
    index.add_child(instance=budget)
    budget.save_revision().publish()
    budget = BudgetPage.objects.get(pk=budget.pk)
    rng = random.Random(run)
    projects = BudgetProject.objects.bulk_create(
        BudgetProject(
            budget=budget,
            author=author,
            title=f"مشروع قياس {n}",
            description="قياس",
            arrondissement=places[n % len(places)],
            feasibility=Feasibility.FEASIBLE,
            official_cost=rng.randrange(100, 900) * 1_000,
            department="قياس",
            reviewed_at=now - 10 * day,
        )
        for n in range(PROJECTS_PER_ENVELOPE * len(places))
    )
    envelopes = {e.arrondissement_id: e.pk for e in budget.envelopes.all()}
    ballots = {place.pk: (envelopes[place.pk], {}) for place in places}
    for project in projects:
        ballots[project.arrondissement_id][1][project.pk] = project.official_cost
    return budget, ballots


def knapsack_choices(voters, ballots, rng):
    """Make ``voters`` (``[(user id, …)]``) of age, living in the arrondissements in turn, and
    choose each one's projects: their envelope's, in a random order, each taken while the total
    stays within the envelope's amount. Returns ``[(envelope id, {project id})]``, in order."""
    places = list(ballots)
    for offset, place in enumerate(places):
        User.objects.filter(pk__in=[pk for pk, *_rest in voters[offset :: len(places)]]).update(
            arrondissement_id=place, birth_year=1960 + offset * 7
        )
    choices = []
    for n in range(len(voters)):
        envelope, costs = ballots[places[n % len(places)]]
        chosen, total = set(), 0
        for project in rng.sample(sorted(costs), k=len(costs)):
            if total + costs[project] <= ENVELOPE_AMOUNT:
                chosen.add(project)
                total += costs[project]
        choices.append((envelope, chosen))
    return choices


def address_limit_refusal(action, variable, requests):
    """Why the running server (deploy/local-prod's gunicorn: its environment, else the default)
    would refuse ``requests`` of ``action`` from this one address, or None."""
    pid_file = ROOT / "var" / "local-prod" / "run" / "gunicorn.pid"
    try:
        environ = Path(f"/proc/{pid_file.read_text().strip()}/environ").read_bytes()
    except (OSError, ValueError):
        return None  # cannot tell: the answers by status will
    variables = dict(
        item.decode(errors="replace").partition("=")[::2] for item in environ.split(b"\0") if item
    )
    spec = variables.get(variable) or settings.SHARIK_RATE_LIMITS.get(action, "")
    for amount, period, scope in parse_rates(spec):
        if scope == "ip" and amount < requests:
            lifted = [part for part in spec.split(",") if part.strip().endswith("/user")]
            return (
                f"the server allows {amount} {action} per {period} s from one address ({variable}="
                f"{spec}) and the load sends {requests:,} from this one: restart it with the "
                f"limit lifted, `deploy/local-prod stop; {variable}="
                f"{','.join([*lifted, '1000000/m/ip'])} deploy/local-prod start`"
            )
    return None


def count_exact_after(read_displayed, read_rows, limit=30):
    """Seconds until the displayed count equals the rows (polling every 50 ms)."""
    started = time.monotonic()
    while time.monotonic() - started < limit:
        if read_displayed() == read_rows():
            return time.monotonic() - started
        time.sleep(0.05)
    return float("inf")


def main():
    unknown = set(CHOSEN) - set(SCENARIOS)
    if unknown:
        sys.exit(f"unknown writes {sorted(unknown)}: choose among {', '.join(SCENARIOS)}")
    group = {name: slice(n * GROUP, (n + 1) * GROUP) for n, name in enumerate(CHOSEN)}
    if "ballots" in CHOSEN and (
        refusal := address_limit_refusal(
            "budget_ballot", "RATE_LIMIT_BUDGET_BALLOT", GROUP + (GROUP + 3) // 4
        )
    ):
        sys.exit(f"Casting ballots cannot be measured: {refusal}.")
    run = int(time.time())
    create_table()
    started = time.monotonic()
    # Each write's residents, then the residents of the reference that knows who signs.
    people = residents(GROUP * len(CHOSEN) + KNOWING, run)
    print(
        f"{len(people):,} residents with sessions ready in {time.monotonic() - started:.0f} s; "
        f"{CONNECTIONS} connections, {SECONDS} s per measure, one resident in four submits twice\n"
    )
    people, knowing = people[:-KNOWING], people[-KNOWING:]
    author = User.objects.get(pk=people[-1][0])
    # The bare views are posted by at least as many residents as four writes bring.
    reference = [people[n % len(people)] for n in range(max(len(people), 4 * GROUP))]
    results, duplicates, lines = {}, {}, []
    results["bare view"] = load(posts(reference, "/bench/ok", []))
    results["bare insert"] = load(posts(reference, "/bench/insert", lambda n: [f"key={run}-{n}"]))
    # The signature's own INSERT, into a copy of the signatures table, for a petition of its own
    # (its row locked by the foreign key as a signature locks the signed one).
    referenced = collecting_petition(f"عريضة مرجع القياس {run}", author)
    arrondissement = Arrondissement.objects.canonical().first().pk
    results["bare signature insert"] = load(
        posts(
            reference,
            "/bench/signature-insert",
            lambda n: [
                f"petition={referenced.pk}",
                f"user={reference[n][0]}",
                f"arrondissement={arrondissement}",
            ],
        )
    )
    # The same INSERT for the resident who sends it, from their declaration: the least a view
    # that knows who signs does (bench/reference.py), for a petition of its own.
    known = collecting_petition(f"عريضة مرجع القياس لمن يوقع {run}", author)
    results["bare resident's signature insert"] = load(
        posts(knowing, "/bench/resident-signature-insert", [f"petition={known.pk}"])
    )

    if "signing" in CHOSEN:
        signers = people[group["signing"]]
        petition = collecting_petition(f"عريضة قياس الكتابة {run}", author)
        sign_path = f"/ar/petitions/{petition.pk}/sign/"
        results["signing"] = load(posts(signers, sign_path, ["action=sign", "accept=on"]))
        signing_exact = count_exact_after(
            lambda: Petition.objects.get(pk=petition.pk).signature_count,
            lambda: Signature.objects.filter(petition=petition).count(),
        )
        signatures = Signature.objects.filter(petition=petition)
        duplicates["signatures"] = more_than_one(signatures, "user_id")
        lines.append(
            f"signatures {signatures.count():,}, displayed count exact {signing_exact:.2f} s "
            "after the last write"
        )

    if "supporting" in CHOSEN:
        supporters = people[group["supporting"]]
        proposal = Proposal.objects.create(
            title=f"مقترح قياس {run}",
            body="قياس أداء الدعم",
            author=author,
            arrondissement=Arrondissement.objects.canonical().first(),
            category=ProposalCategory.objects.canonical().first(),
            status=ProposalStatus.PUBLISHED,
            published_at=timezone.now(),
        )
        support_path = f"/ar/proposals/{proposal.pk}/support/"
        results["supporting"] = load(posts(supporters, support_path, ["action=support"]))
        support_exact = count_exact_after(
            lambda: Proposal.objects.get(pk=proposal.pk).support_count,
            lambda: Support.objects.filter(proposal=proposal).count(),
        )
        supports = Support.objects.filter(proposal=proposal)
        duplicates["supports"] = more_than_one(supports, "user_id")
        lines.append(
            f"supports {supports.count():,}, displayed count exact {support_exact:.2f} s after "
            "the last write"
        )

    if "commenting" in CHOSEN:
        commenters = people[group["commenting"]]
        # The Arabic page (the tree is kept in step in every language: an alias per locale).
        discussion = StandardPage.objects.get(
            slug="bench-discussion", locale__language_code=settings.LANGUAGE_CODE
        )
        comment_path = f"/ar/threads/{discussion.thread_key}/comment/"
        # Someone reads the thread in Arabic meanwhile: each comment is rendered and pushed to
        # them (only the languages someone reads a thread in are: participation/live.py).
        viewer = subprocess.Popen(
            [
                sys.executable,
                VIEWER,
                f"ws://127.0.0.1:{PORT}/ws/threads/{discussion.thread_key}/ar/",
                f"http://127.0.0.1:{PORT}",
            ],
            stdout=subprocess.PIPE,
            text=True,
        )
        if viewer.stdout.readline().strip() != "ready":
            sys.exit("The thread's viewer could not open its socket.")
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
        comments = Comment.objects.filter(author_id__in=[pk for pk, *_rest in commenters])
        duplicates["comments"] = more_than_one(comments, "author_id")
        received = int(viewer.communicate()[0].strip() or 0)
        lines.append(
            f"comments {comments.count():,}, received live by a viewer of the thread in Arabic "
            f"{received:,}"
        )

    if "answering" in CHOSEN:
        participants = people[group["answering"]]
        consultation = consultation_with_responses(0, slug=f"bench-writes-{run}")
        answers = questionnaire_answers(consultation.questions)
        results["answering"] = load(
            posts(participants, consultation.url + "questionnaire/", ["action=submit", *answers])
        )
        responses = Response.objects.filter(consultation=consultation)
        duplicates["questionnaires"] = more_than_one(responses, "participant_id")
        submitted = responses.filter(
            participant_id__in=[pk for pk, *_rest in participants]
        ).submitted()
        lines.append(f"submitted questionnaires {submitted.count():,}")

    if "ballots" in CHOSEN:
        voters = people[group["ballots"]]
        budget, envelopes = voting_budget(run, author)
        sent = knapsack_choices(voters, envelopes, random.Random(run + 1))
        results["ballots"] = load(
            posts(
                voters,
                lambda n: f"/ar/budgets/{budget.pk}/vote/{sent[n][0]}/",
                lambda n: ["action=cast", *(f"project={pk}" for pk in sorted(sent[n][1]))],
            )
        )
        ballots = Ballot.objects.filter(envelope__budget=budget)
        duplicates["ballots"] = more_than_one(ballots, "envelope_id", "voter_id")
        # A double submit of the same choice must add no version.
        duplicates["ballot versions"] = more_than_one(
            BallotVersion.objects.filter(ballot__envelope__budget=budget), "ballot_id"
        )
        counted = {}
        for voter, project in BallotChoice.objects.filter(
            version__ballot__envelope__budget=budget,
            version_id__in=ballots.values("current_version_id"),
        ).values_list("version__ballot__voter_id", "project_id"):
            counted.setdefault(voter, set()).add(project)
        expected = {pk: projects for (pk, *_rest), (_e, projects) in zip(voters, sent, strict=True)}
        wrong = sum(1 for voter, projects in counted.items() if expected.get(voter) != projects)
        duplicates["ballots not as sent"] = wrong + ballots.filter(current_version=None).count()
        cast = ballots.count()
        posted = len(voters) - results["ballots"]["left"]
        lines.append(
            f"ballots {cast:,} ({cast / results['ballots']['seconds']:,.0f} ballots/s), "
            f"{BallotChoice.objects.filter(version__ballot__envelope__budget=budget).count():,} "
            f"choices; {posted:,} of the {len(voters):,} voters posted before the time ran out"
        )

    bare, insert = results["bare view"]["rate"], results["bare insert"]["rate"]
    same_insert = results["bare signature insert"]["rate"]
    knowing_insert = results["bare resident's signature insert"]["rate"]
    print(
        f"{'measure':<32} {'req/s':>8} {'× bare':>7} {'× insert':>9} {'× sig. insert':>14} "
        f"{'× resident':>11} {'p50':>7} {'p99':>8}  answers"
    )
    for name, result in results.items():
        print(
            f"{name:<32} {result['rate']:8,.0f} {result['rate'] / bare:7.2f} "
            f"{result['rate'] / insert:9.2f} {result['rate'] / same_insert:14.2f} "
            f"{result['rate'] / knowing_insert:11.2f} "
            f"{result['p50']:5.0f}ms {result['p99']:6.0f}ms  {result['statuses']}"
        )
    short = [name for name, result in results.items() if result["seconds"] < SECONDS - 1]
    if short:
        print(f"(ran out of requests before {SECONDS} s, figures less steady: {', '.join(short)})")
    print()
    for line in lines:
        print(line)
    print(
        f"duplicates {sum(duplicates.values())} "
        f"({', '.join(f'{name} {count}' for name, count in duplicates.items())})"
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM bench_reference_insert")
        print(f"bare inserts stored: {cursor.fetchone()[0]:,}", end="")
        cursor.execute(
            "SELECT count(*) FILTER (WHERE petition_id = %s), count(*) "
            "FROM bench_reference_signature",
            [known.pk],
        )
        residents_stored, stored = cursor.fetchone()
        print(
            f", bare signature inserts stored: {stored - residents_stored:,}, "
            f"bare resident's signature inserts stored: {residents_stored:,}"
        )


if __name__ == "__main__":
    main()
