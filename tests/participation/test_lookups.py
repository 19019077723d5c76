"""The hot lookups written out once (participation/lookups.py) give what the ORM gives."""

import pytest
from django.db import connection, transaction
from django.forms.models import model_to_dict
from django.test.utils import CaptureQueriesContext

from participation.lookups import first_row, row_exists, rows
from participation.models import Follow, IdentityDeclaration, User
from tests.factories import ResidentFactory, make_signatory

pytestmark = pytest.mark.django_db


def test_first_row_is_the_instance_the_orm_loads():
    signatory = make_signatory()
    written = first_row(IdentityDeclaration, user=signatory.pk)
    loaded = IdentityDeclaration.objects.get(user=signatory)
    assert model_to_dict(written) == model_to_dict(loaded)
    assert written.declared_at == loaded.declared_at and written.declared_at.tzinfo is not None
    assert written.on_electoral_roll is loaded.on_electoral_roll
    assert first_row(IdentityDeclaration, user=ResidentFactory().pk) is None
    user = first_row(User, id=signatory.pk)
    assert model_to_dict(user) == model_to_dict(User.objects.get(pk=signatory.pk))
    assert user.date_joined == signatory.date_joined


def test_row_exists_says_whether_the_row_is_there():
    resident = ResidentFactory()
    other = ResidentFactory()
    Follow.objects.create(user=resident, content_type_id=1, object_id=7)
    assert row_exists(Follow, user=resident.pk, content_type=1, object_id=7)
    assert not row_exists(Follow, user=other.pk, content_type=1, object_id=7)
    assert not row_exists(Follow, user=resident.pk, content_type=1, object_id=8)


def test_rows_are_the_instances_the_orm_loads():
    resident = ResidentFactory()
    Follow.objects.create(user=resident, content_type_id=1, object_id=7)
    Follow.objects.create(user=resident, content_type_id=1, object_id=8)
    Follow.objects.create(user=ResidentFactory(), content_type_id=1, object_id=7)
    written = sorted(rows(Follow, user=resident.pk), key=lambda follow: follow.object_id)
    loaded = list(Follow.objects.filter(user=resident).order_by("object_id"))
    assert [model_to_dict(follow) for follow in written] == [
        model_to_dict(follow) for follow in loaded
    ]
    assert [follow.pk for follow in written] == [follow.pk for follow in loaded]
    assert rows(Follow, user=resident.pk, object_id=9) == []


def test_first_row_for_update_locks_the_row_as_select_for_update_does():
    resident = ResidentFactory()
    Follow.objects.create(user=resident, content_type_id=1, object_id=7)
    with transaction.atomic(), CaptureQueriesContext(connection) as captured:
        locked = first_row(Follow, for_update=True, user=resident.pk, object_id=7)
    assert model_to_dict(locked) == model_to_dict(Follow.objects.get(user=resident))
    (sql,) = [query["sql"] for query in captured.captured_queries if "SELECT" in query["sql"]]
    assert sql.endswith("FOR UPDATE") == connection.features.has_select_for_update
    assert first_row(Follow, for_update=True, user=resident.pk, object_id=8) is None
