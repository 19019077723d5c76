"""Authentication backend: allauth's, loading the logged-in resident with whether their email is
confirmed and with their identity declaration, in the same query (participation/rules.py
``is_verified_resident`` reads the one, signing and the petition page's personal part the other,
through ``declaration_of``): each used to cost a query of its own per request.

The resident's row and their permissions (their own and their groups') are remembered per
generation of public content (participation/pagecache.py ``remembered``): saving the resident,
their email addresses, groups or permissions moves the generation on, which ends them. They used
to cost three queries on every page; each request still gets its own instance of the resident.
Saving or deleting a declaration moves the generation on too (participation/pagecache.py)."""

from allauth.account.auth_backends import AuthenticationBackend
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.db import connection

from participation.lookups import first_row, table, written
from participation.models import IdentityDeclaration
from participation.pagecache import remembered


class ResidentBackend(AuthenticationBackend):
    def get_user(self, user_id):
        model = get_user_model()
        row = remembered(
            ("resident", user_id), lambda: _resident_row(model, user_id), per_resident=True
        )
        if row is None:
            return None
        users = table(model)
        verified, granted = row[len(users.attnames) : len(users.attnames) + 2]
        declared = row[len(users.attnames) + 2 :]
        user = users.instance(row)
        user._sharik_email_verified = bool(verified)
        user._sharik_declaration = (
            table(IdentityDeclaration).instance(declared) if declared[0] is not None else None
        )
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


def declaration_of(user):
    """``user``'s identity declaration, or None: the one loaded with the resident for this
    request when they were (no query), else read."""
    try:
        return user._sharik_declaration
    except AttributeError:
        return first_row(IdentityDeclaration, user=user.pk)


def _resident_row(model, user_id):
    """The resident's columns, whether an email of theirs is confirmed, whether they have any
    group or permission (else their permissions need no query), then their declaration's
    columns (NULL without one). The SQL is written out once per process
    (participation/lookups.py): the ORM took 3.6 ms to compile these three subqueries, seven
    times what running them costs, on every first request of a resident."""
    sql = written(("resident", model), lambda: _write_resident_sql(model))
    with connection.cursor() as cursor:
        cursor.execute(sql, [user_id])
        row = cursor.fetchone()
    return tuple(row) if row is not None else None


def _write_resident_sql(model):
    quote = connection.ops.quote_name
    meta = model._meta
    users = table(model)

    def exists(table_model, user_field, condition=""):
        name = quote(table_model._meta.db_table)
        column = quote(table_model._meta.get_field(user_field).column)
        return (
            f"EXISTS (SELECT 1 FROM {name} WHERE {name}.{column} = "  # noqa: S608 (names)
            f"{users.name}.{quote(meta.pk.column)}{condition})"
        )

    groups, permissions = model.groups, model.user_permissions
    emails = quote(EmailAddress._meta.db_table)
    verified = quote(EmailAddress._meta.get_field("verified").column)
    declarations = table(IdentityDeclaration)
    declarant = quote(IdentityDeclaration._meta.get_field("user").column)
    return (
        f"SELECT {users.columns}, "  # noqa: S608 (names, not input)
        f"{exists(EmailAddress, 'user', f' AND {emails}.{verified}')}, "
        f"({exists(groups.through, groups.field.m2m_field_name())} OR "
        f"{exists(permissions.through, permissions.field.m2m_field_name())}), "
        f"{declarations.columns} FROM {users.name} LEFT JOIN {declarations.name} "
        f"ON {declarations.name}.{declarant} = {users.name}.{quote(meta.pk.column)} "
        f"WHERE {users.name}.{quote(meta.pk.column)} = %s"
    )
