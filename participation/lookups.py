"""Lookups on the hot paths, their SQL written once per process instead of compiled by the ORM on
every request.

On the pages every resident reads and the writes a viral petition brings, the ORM's compiler
cost more than the indexed lookups themselves (bench/writes.py, bench/pages.py: 0.5 to 3.6 ms a
query against 0.1 to 0.5 ms written out). These helpers take equality conditions on a model's
fields and nothing else; the rows come back through ``Manager.raw`` (the backend's converters
applied, as the ORM would) or as a yes or no.
"""

from django.db import connection

_sql = {}


def _where(model, names):
    quote = connection.ops.quote_name
    meta = model._meta
    return " AND ".join(f"{quote(meta.get_field(name).column)} = %s" for name in names)


def _written(kind, model, names, write):
    key = (kind, model, names, connection.vendor)
    sql = _sql.get(key)
    if sql is None:
        sql = _sql[key] = write(
            connection.ops.quote_name(model._meta.db_table), _where(model, names)
        )
    return sql


def row_exists(model, **equals):
    """Whether a row of ``model`` has these values (``user=<id>``)."""
    names = tuple(sorted(equals))
    sql = _written(
        "exists",
        model,
        names,
        lambda table, where: f"SELECT 1 FROM {table} WHERE {where} LIMIT 1",  # noqa: S608 (names)
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [equals[name] for name in names])
        return cursor.fetchone() is not None


def first_row(model, **equals):
    """The row of ``model`` with these values (a unique one: ``user=<id>`` of a one-to-one), as
    an instance, or None."""
    names = tuple(sorted(equals))
    sql = _written(
        "first",
        model,
        names,
        lambda table, where: f"SELECT * FROM {table} WHERE {where} LIMIT 1",  # noqa: S608 (names)
    )
    found = list(model._default_manager.raw(sql, [equals[name] for name in names]))
    return found[0] if found else None
