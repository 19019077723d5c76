"""Pages under load, through deploy/local-prod (nginx → gunicorn, PostgreSQL, Redis), beside a bare
Django view measured in the same run.

    deploy/local-prod start
    deploy/local-prod manage load_bench_data --large   # once
    .venv/bin/python bench/pages.py            # quick: about 60 s
    .venv/bin/python bench/pages.py --long     # 20 s per measure

For each page (home, proposals, petitions, a petition with 1,000,000 signatures, the plan
dashboard, an axis, consultation results with 100,000 responses), as an anonymous visitor and as
a logged-in resident: requests/s as a ratio of the bare view's (wrk, 8 connections, a separate
process), p50/p99 latency, SQL queries of one warm request, and Redis commands of one warm
request. The bare view is measured before and after the pages; the ratio uses their mean.
Goals (issue 13): anonymous ≥ 0.5×, logged in ≥ 0.2×, ≤ 8 queries, no Redis call beyond the
session and one cache read.
"""

import subprocess
import sys
import time

from common import BASE, calls_between, redis_calls, session_cookie, use_local_prod, wrk

use_local_prod()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from consultations.models import ConsultationPage  # noqa: E402
from demo.bench_data import CONSULTATION_SLUG, PETITION_TITLE  # noqa: E402
from participation.models import User  # noqa: E402
from petitions.models import Petition  # noqa: E402
from plan.models import ActionPlanPage, AxisPage  # noqa: E402

LONG = "--long" in sys.argv
SECONDS = 20 if LONG else 2


def pages():
    petition = Petition.objects.filter(title=PETITION_TITLE).first()
    if petition is None:
        sys.exit("Load the large data first: manage.py load_bench_data --large")
    results = ConsultationPage.objects.get(slug=CONSULTATION_SLUG)
    plan = ActionPlanPage.objects.live().filter(locale__language_code="ar").first()
    axis = AxisPage.objects.live().filter(locale__language_code="ar").first()
    return [
        ("home", "/ar/"),
        ("proposals list", "/ar/proposals/"),
        ("petitions list", "/ar/petitions/"),
        (f"petition, {petition.signature_count:,} signatures", petition.get_absolute_url()),
        ("plan dashboard", plan.url),
        ("axis page", axis.url),
        ("results, 100,000 responses", results.url + "results/"),
    ]


def queries(path, user):
    client = Client()
    if user is not None:
        client.force_login(user)
    client.get(path)  # warm
    with CaptureQueriesContext(connection) as captured:
        status = client.get(path).status_code
    assert status == 200, (path, status)
    return len(captured)


def redis_of_one_request(path, cookie):
    command = ["curl", "-fsS", "-o", "/dev/null", f"{BASE}{path}"]
    if cookie:
        command[1:1] = ["-H", f"Cookie: {cookie}"]
    subprocess.run(command, check=True)  # warm
    time.sleep(0.2)
    before = redis_calls()
    subprocess.run(command, check=True)
    after = redis_calls()
    return calls_between(before, after)


def short(calls):
    return " ".join(f"{name}×{count}" for name, count in sorted(calls.items())) or "none"


def main():
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    resident = User.objects.filter(email="fatima.zahra@sale.example").first()
    cookie = session_cookie(resident)
    measured = pages()
    print(f"{BASE}, wrk 8 connections, {SECONDS} s per measure\n")
    bare = [wrk(f"{BASE}/bench/ok", SECONDS)]
    rows = []
    for name, path in measured:
        for cookie_or_none in (None, cookie):  # warm: first renders, remembered chrome
            redis_of_one_request(path, cookie_or_none)
        anonymous = wrk(BASE + path, SECONDS)
        logged_in = wrk(BASE + path, SECONDS, cookie=cookie)
        rows.append(
            (
                name,
                path,
                anonymous,
                logged_in,
                (queries(path, None), queries(path, resident)),
                (redis_of_one_request(path, None), redis_of_one_request(path, cookie)),
            )
        )
    bare.append(wrk(f"{BASE}/bench/ok", SECONDS))
    reference = sum(run["rate"] for run in bare) / len(bare)
    print(
        f"bare Django view: {reference:,.0f} req/s "
        f"(before {bare[0]['rate']:,.0f}, after {bare[1]['rate']:,.0f}), "
        f"p50 {bare[0]['p50']:.1f} ms, p99 {bare[0]['p99']:.1f} ms\n"
    )
    print(f"{'page':<32} {'anonymous':>22} {'logged in':>22} {'queries':>9}  redis (anon | logged)")
    for name, _path, anonymous, logged_in, (q_anon, q_logged), (r_anon, r_logged) in rows:
        failures = anonymous["failed"] + logged_in["failed"]
        print(
            f"{name:<32} {anonymous['rate'] / reference:5.2f}× {anonymous['rate']:6,.0f}/s "
            f"p99 {anonymous['p99']:4.0f}ms "
            f"{logged_in['rate'] / reference:5.2f}× {logged_in['rate']:6,.0f}/s "
            f"p99 {logged_in['p99']:4.0f}ms {q_anon:>3} | {q_logged:<3} "
            f"{short(r_anon)} | {short(r_logged)}" + (f"  FAILED {failures}" if failures else "")
        )


if __name__ == "__main__":
    main()
