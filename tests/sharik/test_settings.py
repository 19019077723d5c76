"""Settings come from the environment: the embedded default, and a production mode that refuses
to start half-configured. Each case runs in a fresh interpreter with a controlled environment."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

PRODUCTION_ENV = {
    "SHARIK_ENV": "production",
    "SECRET_KEY": "x7$kq-2m!v9w#p4z@r8t^b6n&c1y*e5u+h3j(o0l)i-s_d=f" * 2,
    "ALLOWED_HOSTS": "sharik.sale.ma",
    "DATABASE_URL": "postgres://sharik@127.0.0.1:5432/sharik",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
    "EMAIL_URL": "smtp+tls://mailer:secret@smtp.sale.ma:587",
    "DEFAULT_FROM_EMAIL": "Sharik <no-reply@sale.ma>",
    "SHARIK_SITE_URL": "https://sharik.sale.ma",
    "SHARIK_CIN_ENCRYPTION_KEYS": "q2m8Hc0d9Yb6l0bL2m9Zk8f5vN3s1J7tW4xR6pQ2yE0=",
    "SHARIK_CIN_HMAC_KEY": "a-separate-long-random-secret-for-cin-digests",
}


def run_python(code, extra_env=None):
    env = {key: value for key, value in os.environ.items() if key in {"PATH", "HOME", "LANG"}}
    env["DJANGO_SETTINGS_MODULE"] = "sharik.settings"
    env.update(extra_env or {})
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_embedded_default_needs_no_variables():
    code = """
import json
from django.conf import settings
print(json.dumps({
    "engine": settings.DATABASES["default"]["ENGINE"],
    "cache": settings.CACHES["default"]["BACKEND"],
    "layer": settings.CHANNEL_LAYERS["default"]["BACKEND"],
    "email": settings.EMAIL_BACKEND,
    "tasks": settings.TASKS["default"]["BACKEND"],
    "debug": settings.DEBUG,
}))
"""
    result = run_python(code)
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    assert values == {
        "engine": "django.db.backends.sqlite3",
        "cache": "django.core.cache.backends.locmem.LocMemCache",
        "layer": "channels.layers.InMemoryChannelLayer",
        "email": "django.core.mail.backends.console.EmailBackend",
        "tasks": "django_tasks.backends.immediate.ImmediateBackend",
        "debug": True,
    }


def test_production_refuses_to_start_without_secret_key():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "SECRET_KEY"}
    result = run_python("import django; django.setup()", env)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr
    assert "SHARIK_ENV=production" in result.stderr


def test_production_names_every_missing_variable():
    result = run_python("import django; django.setup()", {"SHARIK_ENV": "production"})
    assert result.returncode != 0
    for name in (
        "SECRET_KEY",
        "ALLOWED_HOSTS",
        "DATABASE_URL",
        "REDIS_URL",
        "EMAIL_URL",
        "SHARIK_CIN_ENCRYPTION_KEYS",
        "SHARIK_CIN_HMAC_KEY",
    ):
        assert name in result.stderr


def test_production_uses_postgres_redis_smtp_and_is_hardened():
    code = """
import json
from django.conf import settings
layer = settings.CHANNEL_LAYERS["default"]
print(json.dumps({
    "engine": settings.DATABASES["default"]["ENGINE"],
    "cache": settings.CACHES["default"]["BACKEND"],
    "sessions": settings.SESSION_ENGINE,
    "layer": layer["BACKEND"],
    "layer_host": layer["CONFIG"]["hosts"][0],
    "email": settings.EMAIL_BACKEND,
    "email_host": settings.EMAIL_HOST,
    "tasks": settings.TASKS["default"]["BACKEND"],
    "debug": settings.DEBUG,
    "hsts": settings.SECURE_HSTS_SECONDS,
    "secure_cookies": [settings.SESSION_COOKIE_SECURE, settings.CSRF_COOKIE_SECURE],
    "csp": settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]["script-src"],
    "csp_report_only": getattr(settings, "CONTENT_SECURITY_POLICY_REPORT_ONLY", None),
}))
"""
    result = run_python(code, PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    assert values["engine"] == "sharik.postgresql"  # Django's, with a quieter health check
    assert values["cache"] == "participation.cache.ResilientRedisCache"
    assert values["sessions"] == "participation.sessions"
    assert values["layer"] == "channels_redis.pubsub.RedisPubSubChannelLayer"
    assert values["layer_host"]["socket_timeout"] is None
    assert values["layer_host"]["max_connections"] > 0
    assert values["email"] == "django.core.mail.backends.smtp.EmailBackend"
    assert values["email_host"] == "smtp.sale.ma"
    assert values["tasks"] == "django_tasks_db.DatabaseBackend"
    assert values["debug"] is False
    assert values["hsts"] >= 31_536_000
    assert values["secure_cookies"] == [True, True]
    assert values["csp"] == ["'self'"]
    assert values["csp_report_only"] is None


def test_check_deploy_under_production_variables_prints_no_issue():
    env = {"PATH": os.environ.get("PATH", ""), **PRODUCTION_ENV}
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


LOCAL_HTTP_CODE = """
import json
from django.conf import settings
print(json.dumps({
    "redirect": settings.SECURE_SSL_REDIRECT,
    "hsts": settings.SECURE_HSTS_SECONDS,
    "secure_cookies": [settings.SESSION_COOKIE_SECURE, settings.CSRF_COOKIE_SECURE],
    "debug": settings.DEBUG,
}))
"""


def test_production_over_plain_http_only_on_this_machine():
    """deploy/local-prod runs production settings without TLS through SHARIK_LOCAL_HTTP; the same
    flag with a public host name refuses to start."""
    local = {
        **PRODUCTION_ENV,
        "SHARIK_LOCAL_HTTP": "1",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SHARIK_SITE_URL": "http://127.0.0.1:8080",
    }
    result = run_python(LOCAL_HTTP_CODE, local)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {
        "redirect": False,
        "hsts": 0,
        "secure_cookies": [False, False],
        "debug": False,
    }
    public = run_python(LOCAL_HTTP_CODE, {**PRODUCTION_ENV, "SHARIK_LOCAL_HTTP": "1"})
    assert public.returncode != 0
    assert "SHARIK_LOCAL_HTTP" in public.stderr
    assert json.loads(run_python(LOCAL_HTTP_CODE, PRODUCTION_ENV).stdout)["redirect"] is True


def test_production_prepares_the_statements_it_runs_again():
    """Django turns psycopg's prepared statements off unless told; Sharik sends parameters apart
    from the SQL and prepares a statement run five times, unless DATABASE_PREPARE_THRESHOLD=0."""
    code = """
import json
from django.conf import settings
options = settings.DATABASES["default"]["OPTIONS"]
print(json.dumps([options["server_side_binding"], options["prepare_threshold"]]))
"""
    result = run_python(code, PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == [True, 5]
    result = run_python(code, {**PRODUCTION_ENV, "DATABASE_PREPARE_THRESHOLD": "0"})
    assert json.loads(result.stdout) == [True, None]


@pytest.mark.postgres
@pytest.mark.django_db
def test_on_postgresql_a_statement_run_again_is_prepared():
    from django.db import connection

    from participation.backends import _resident_row
    from participation.models import User
    from tests.factories import ResidentFactory

    resident = ResidentFactory()
    connection.ensure_connection()
    for _ in range(6):
        _resident_row(User, resident.pk)
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        prepared = [statement for (statement,) in cursor.fetchall()]
    assert any(
        "LEFT JOIN" in statement and "participation_user" in statement for statement in prepared
    )


@pytest.mark.parametrize("entry_point", ["sharik.wsgi", "sharik.asgi"])
def test_a_server_process_keeps_what_it_loaded_out_of_full_collections(entry_point):
    """Each entry point (gunicorn's pages, uvicorn's live room) freezes what loading made
    (sharik/loaded.py): a full collection walks only what requests and sockets left since."""
    code = f"""
import gc
import {entry_point}
print(gc.get_freeze_count(), len(gc.get_objects()))
"""
    result = run_python(code)
    assert result.returncode == 0, result.stderr
    frozen, walked = (int(number) for number in result.stdout.split())
    assert frozen > 100_000  # Django, Wagtail and the apps
    assert walked < frozen / 5
