"""Shared fixtures of the whole suite.

Tests build the rows they need with the factories of ``tests/<app>/factories.py`` (registered as
fixtures by each folder's ``conftest.py``). What every test database holds besides what the
migrations create is the skeleton of an installation (``tests/site.py``): a home page per
language and the staff groups, since every page renders the site's navigation. The Salé demo is
built only by the test of ``seed_demo`` and by the browser journeys.
"""

import os

import pytest

from sharik.i18n import compile_catalogs
from tests.site import build_site


def pytest_configure(config):
    compile_catalogs()
    # Residents made by factories log in with force_login; where a test does use a password,
    # a fast hasher keeps it from costing a PBKDF2 run.
    from django.conf import settings

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _flushes_database(item):
    marker = item.get_closest_marker("django_db")
    transactional = marker is not None and marker.kwargs.get("transaction", False)
    fixtures = getattr(item, "fixturenames", ())
    return transactional or "transactional_db" in fixtures or "live_server" in fixtures


def pytest_collection_modifyitems(config, items):
    """Tests that commit (live server, transaction=True) run last: they flush the database when
    they finish, which would take the site skeleton away from the tests after them."""
    # Browser journeys last of all: Playwright's sync API keeps an event loop running in this
    # thread until the session ends, which asyncio tests cannot share.
    items.sort(
        key=lambda item: (_flushes_database(item), item.get_closest_marker("e2e") is not None)
    )
    # Tests of the production services (marked "postgres" or "redis") are skipped, saying why,
    # on the embedded defaults; .ci/run runs them again against the real services.
    missing = {
        "postgres": not os.environ.get("DATABASE_URL", "").startswith("postgres"),
        "redis": not os.environ.get("REDIS_URL"),
    }
    reasons = {
        "postgres": "needs PostgreSQL (DATABASE_URL)",
        "redis": "needs Redis (REDIS_URL)",
    }
    for item in items:
        for marker, absent in missing.items():
            if absent and item.get_closest_marker(marker) is not None:
                item.add_marker(pytest.mark.skip(reason=reasons[marker]))


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        build_site()


@pytest.fixture(autouse=True)
def _site_skeleton_after_a_flush(request):
    """A test that commits (``django_db(transaction=True)``, ``transactional_db``, the live
    server) flushes every table when it ends, the migrations' data too: each builds the site
    skeleton again for itself."""
    if _flushes_database(request.node):
        request.getfixturevalue("_django_db_helper")
        build_site()


@pytest.fixture(autouse=True)
def _one_rate_limit_window(monkeypatch):
    """Rate limits count in fixed windows (participation/ratelimits.py); a test that crossed a
    minute boundary between two writes would see its counter restart. Each test runs inside one
    window."""
    from types import SimpleNamespace

    from participation import ratelimits

    monkeypatch.setattr(ratelimits, "time", SimpleNamespace(time=lambda: 1_800_000_030))


@pytest.fixture(autouse=True)
def _isolated_services(settings):
    """Each test starts with an empty cache (rate-limit counters live there), captured email,
    tasks that run at once, and the site's default language active (a request or an override
    an earlier test left active made ``reverse`` give /fr/ addresses)."""
    from django.core.cache import cache
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    cache.clear()
    # Tests read pages as they are rendered; tests/participation/test_pagecache.py turns the
    # anonymous page cache on and checks what ends a cached page.
    settings.SHARIK_PAGE_CACHE_SECONDS = 0
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.TASKS = {
        "default": {
            "BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
            "QUEUES": settings.TASKS["default"]["QUEUES"],
        }
    }


@pytest.fixture
def queued_tasks(settings):
    """Tasks are kept as queued instead of run (Django's dummy backend); returns
    ``queued(name)``: the results of the tasks of that name queued so far, in order."""
    settings.TASKS = {
        "default": {
            "BACKEND": "django_tasks.backends.dummy.DummyBackend",
            "QUEUES": settings.TASKS["default"]["QUEUES"],
        }
    }
    from django_tasks import default_task_backend

    def queued(name):
        return [result for result in default_task_backend.results if result.task.name == name]

    return queued


@pytest.fixture
def resident(db):
    from tests.factories import ResidentFactory

    return ResidentFactory()


@pytest.fixture
def moderator(db):
    from tests.factories import make_moderator

    return make_moderator()


@pytest.fixture
def discussion(db):
    """A published page with an open discussion and no comment yet."""
    from tests.factories import make_discussion_page

    return make_discussion_page()


@pytest.fixture
def english():
    """Messages checked in English, the language of the code (use with
    ``pytest.mark.usefixtures("english")``)."""
    from django.utils import translation

    with translation.override("en"):
        yield
