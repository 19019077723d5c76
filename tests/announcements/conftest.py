"""Fixtures of announcements (pytest-factoryboy): ``announcement`` (written by the
``announcement_sender``), ``announcement_sender``, ``opted_in_resident`` and their
``*_factory``."""

from pytest_factoryboy import LazyFixture, register

from tests.announcements.factories import (
    AnnouncementFactory,
    AnnouncementSenderFactory,
    OptedInResidentFactory,
)

register(AnnouncementSenderFactory, "announcement_sender")
register(OptedInResidentFactory, "opted_in_resident")
register(AnnouncementFactory, created_by=LazyFixture("announcement_sender"))
