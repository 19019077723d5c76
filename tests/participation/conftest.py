"""The participation core's factories as fixtures (pytest-factoryboy), each with its
``*_factory`` fixture (``tests/participation/factories.py``):

- ``user``: a verified resident (``ResidentFactory``); ``unverified_resident``: one who never
  confirmed the address; ``arrondissement``: Bab Lamrissa;
- ``identity_declaration``: ``user``'s declaration;
- ``comment``: ``user``'s comment on the ``discussion`` page, ``follow``: ``user`` follows it;
- ``report``: ``resident`` reports ``comment``; ``audit_log_entry``: ``moderator`` hid it;
- ``notification`` and ``notification_preference``: ``user``'s.

The fixtures of one test share their rows (``comment.author`` is ``user``), and ``resident``,
``moderator`` and ``discussion`` are those of ``tests/conftest.py``.
"""

from pytest_factoryboy import LazyFixture, register

from tests.participation.factories import (
    ArrondissementFactory,
    AuditLogEntryFactory,
    CommentFactory,
    FollowFactory,
    IdentityDeclarationFactory,
    NotificationFactory,
    NotificationPreferenceFactory,
    ReportFactory,
    ResidentFactory,
    UnverifiedResidentFactory,
)

register(ResidentFactory)
register(UnverifiedResidentFactory, "unverified_resident")
register(ArrondissementFactory)
register(IdentityDeclarationFactory)
register(CommentFactory, host=LazyFixture("discussion"))
register(FollowFactory, host=LazyFixture("discussion"))
register(ReportFactory, reporter=LazyFixture("resident"))
register(AuditLogEntryFactory, actor=LazyFixture("moderator"))
register(NotificationFactory)
register(NotificationPreferenceFactory)
