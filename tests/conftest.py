"""Shared fixtures: the Salé demo site (seeded once per test database) and account factories."""

import os

import pytest
from django.core.management import call_command

from participation.i18n import compile_catalogs


def pytest_configure(config):
    compile_catalogs()


def pytest_collection_modifyitems(config, items):
    """Browser journeys run last: their live server flushes the database when they finish."""
    items.sort(key=lambda item: item.get_closest_marker("e2e") is not None)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("seed_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115


@pytest.fixture(autouse=True)
def _email_and_tasks(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def resident(db):
    from tests.factories import ResidentFactory

    return ResidentFactory()
