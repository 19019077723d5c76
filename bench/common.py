"""What the HTTP benchmarks share: the environment of deploy/local-prod (they run against it),
a logged-in resident's session cookie, wrk runs and their parsing, and the printing of ratios.

The load generator is always another process than the servers (wrk, or bench/load.py), so the
figures are the servers' own; each benchmark measures the bare reference views of
bench/reference.py in the same run, on the same server, and prints Sharik's figures as ratios of
them: the machine is shared and noisy, ratios hold where absolute figures do not.
"""

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BASE = f"http://127.0.0.1:{os.environ.get('LOCAL_PROD_PORT', '8080')}"


def use_local_prod():
    """Load deploy/local-prod's environment into this process and set Django up with it."""
    printed = subprocess.run(
        [ROOT / "deploy" / "local-prod", "env"], capture_output=True, text=True, check=True
    ).stdout
    for line in printed.splitlines():
        name, _, value = line.partition("=")
        os.environ[name] = value
    os.environ["DJANGO_SETTINGS_MODULE"] = "sharik.settings"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    check = subprocess.run(["curl", "-fsS", f"{BASE}/healthz"], capture_output=True)
    if check.returncode != 0:
        sys.exit("deploy/local-prod is not running: start it with `deploy/local-prod start`.")


def session_cookie(user):
    """A session for ``user``, stored as a real log-in stores it, as a Cookie header value."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    from participation.sessions import SessionStore

    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    # As a log-in through the site records it (participation/backends.py).
    session[BACKEND_SESSION_KEY] = "participation.backends.ResidentBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.save()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


def wrk(url, seconds, connections=8, threads=2, cookie=None):
    """Run wrk against ``url``; returns requests/s, p50 and p99 in ms, and failed responses."""
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--latency", url]
    if cookie:
        command[1:1] = ["-H", f"Cookie: {cookie}"]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    percentiles = dict(re.findall(r"^\s+(50|99)%\s+([\d.]+\w+)", output, re.MULTILINE))
    failed = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    errors = re.search(r"Socket errors: .*", output)
    return {
        "rate": rate,
        "p50": milliseconds(percentiles.get("50", "0ms")),
        "p99": milliseconds(percentiles.get("99", "0ms")),
        "failed": int(failed.group(1)) if failed else 0,
        "socket_errors": errors.group(0) if errors else "",
    }


def milliseconds(text):
    number, unit = re.match(r"([\d.]+)(\w+)", text).groups()
    return float(number) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]


def redis_calls():
    """Commands Redis has run so far (INFO commandstats), by command."""
    output = subprocess.run(
        ["redis-cli", "-h", "127.0.0.1", "info", "commandstats"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return {name: int(calls) for name, calls in re.findall(r"cmdstat_(\w+):calls=(\d+)", output)}


def calls_between(before, after):
    return {
        name: after[name] - before.get(name, 0)
        for name in after
        if after[name] - before.get(name, 0) and name not in {"info"}
    }
