"""Authentication backend: allauth's, loading the logged-in resident with whether their email is
confirmed, in the same query (participation/rules.py ``is_verified_resident`` reads it): every
write of a resident checks it, and it used to cost a query of its own per request.

The resident's row and their permissions (their own and their groups') are remembered per
generation of public content (participation/pagecache.py ``remembered``): saving the resident,
their email addresses, groups or permissions moves the generation on, which ends them. They used
to cost three queries on every page; each request still gets its own instance of the resident."""

from allauth.account.auth_backends import AuthenticationBackend
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.db import connection

from participation.pagecache import remembered


class ResidentBackend(AuthenticationBackend):
    def get_user(self, user_id):
        model = get_user_model()
        fields = [field.attname for field in model._meta.concrete_fields]
        row = remembered(
            ("resident", user_id), lambda: _resident_row(model, fields, user_id), per_resident=True
        )
        if row is None:
            return None
        *values, verified, granted = row
        user = model.from_db(model._default_manager.db, fields, values)
        user._sharik_email_verified = verified
        if not self.user_can_authenticate(user):
            return None
        if not granted and not user.is_superuser:
            user._perm_cache = set()  # most residents: no group, no permission of their own
        else:
            user._perm_cache = remembered(
                ("permissions", user.pk),
                lambda: ModelBackend().get_all_permissions(user),
                per_resident=True,
            )
        return user


def _resident_row(model, fields, user_id):
    """The resident's columns, whether an email of theirs is confirmed, and whether they have
    any group or permission (else their permissions need no query). The SQL is written out
    once per process: the ORM took 3.6 ms to compile these three subqueries, seven times what
    running them costs, on every first request of a resident (bench/writes.py)."""
    sql = _resident_sql.get(model)
    if sql is None:
        sql = _resident_sql[model] = _write_resident_sql(model)
    found = list(model._default_manager.raw(sql, [user_id]))  # converters applied, as the ORM
    if not found:
        return None
    user = found[0]
    return (
        *(getattr(user, name) for name in fields),
        bool(user._sharik_email_verified),
        bool(user._sharik_granted),
    )


_resident_sql = {}


def _write_resident_sql(model):
    quote = connection.ops.quote_name
    meta = model._meta

    def exists(table_model, user_field, condition=""):
        table = table_model._meta.db_table
        column = table_model._meta.get_field(user_field).column
        return (
            f"EXISTS (SELECT 1 FROM {quote(table)} WHERE {quote(table)}.{quote(column)} = "  # noqa: S608
            f"{quote(meta.db_table)}.{quote(meta.pk.column)}{condition})"
        )

    groups, permissions = model.groups, model.user_permissions
    verified = EmailAddress._meta.get_field("verified").column
    email_table = EmailAddress._meta.db_table
    return (
        f"SELECT {quote(meta.db_table)}.*, "  # noqa: S608 (names, not input)
        f"{exists(EmailAddress, 'user', f' AND {quote(email_table)}.{quote(verified)}')} "
        "AS _sharik_email_verified, "
        f"({exists(groups.through, groups.field.m2m_field_name())} OR "
        f"{exists(permissions.through, permissions.field.m2m_field_name())}) AS _sharik_granted "
        f"FROM {quote(meta.db_table)} WHERE {quote(meta.db_table)}.{quote(meta.pk.column)} = %s"
    )
