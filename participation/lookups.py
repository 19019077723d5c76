"""Lookups on the hot paths, their SQL written once per process instead of compiled by the ORM on
every request.

On the pages every resident reads and the writes a viral petition brings, the ORM's compiler
cost more than the indexed lookups themselves (bench/writes.py, bench/pages.py: 0.5 to 3.6 ms a
query against 0.1 to 0.5 ms written out). These helpers take equality conditions on a model's
fields and nothing else; rows come back as instances, through the backend's and the fields'
converters as the ORM would.
"""

import contextlib

from django.db import connection, transaction

_written = {}


class _Table:
    """A model's columns in the order of its fields, and how to turn a row into an instance."""

    def __init__(self, model):
        quote = connection.ops.quote_name
        self.model = model
        self.name = quote(model._meta.db_table)
        fields = model._meta.concrete_fields
        self.attnames = [field.attname for field in fields]
        self.columns = ", ".join(f"{self.name}.{quote(field.column)}" for field in fields)
        self.converters = [
            (index, converters, field.get_col(model._meta.db_table))
            for index, field in enumerate(fields)
            if (
                converters := [
                    *connection.ops.get_db_converters(field.get_col(model._meta.db_table)),
                    *field.get_db_converters(connection),
                ]
            )
        ]

    def where(self, names):
        quote = connection.ops.quote_name
        meta = self.model._meta
        return " AND ".join(
            f"{self.name}.{quote(meta.get_field(name).column)} = %s" for name in names
        )

    def instance(self, row):
        """``row`` (the columns first, anything after ignored) as an instance of the model."""
        values = list(row[: len(self.attnames)])
        for index, converters, expression in self.converters:
            for converter in converters:
                values[index] = converter(values[index], expression, connection)
        return self.model.from_db(connection.alias, self.attnames, values)


def table(model):
    key = (model, connection.vendor)
    found = _written.get(key)
    if found is None:
        found = _written[key] = _Table(model)
    return found


def written(key, write):
    """The SQL ``write()`` returns, written once per process and database vendor under ``key``."""
    key = (*key, connection.vendor)
    sql = _written.get(key)
    if sql is None:
        sql = _written[key] = write()
    return sql


def _sql(kind, model, names, write):
    return written((kind, model, names), lambda: write(table(model)))


def _selected(kind, model, equals, what, tail=""):
    """The rows of ``SELECT <what(table)> FROM <model's table> WHERE <equals><tail>``, its SQL
    written once per ``kind``, model and names compared."""
    names = tuple(sorted(equals))
    sql = _sql(
        kind,
        model,
        names,
        lambda t: f"SELECT {what(t)} FROM {t.name} WHERE {t.where(names)}{tail}",  # noqa: S608
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [equals[name] for name in names])
        return cursor.fetchall()


def row_exists(model, **equals):
    """Whether a row of ``model`` has these values (``user=<id>``)."""
    return bool(_selected("exists", model, equals, lambda t: "1", " LIMIT 1"))


def first_row(model, *, for_update=False, **equals):
    """The row of ``model`` with these values (a unique one: ``user=<id>`` of a one-to-one), as
    an instance, or None. ``for_update``: locked until the transaction ends, as
    ``select_for_update()`` locks it."""
    lock = " FOR UPDATE" if for_update and connection.features.has_select_for_update else ""
    found = _selected(f"first{lock}", model, equals, lambda t: t.columns, f" LIMIT 1{lock}")
    return table(model).instance(found[0]) if found else None


def rows(model, **equals):
    """Every row of ``model`` with these values (``response=<id>``), as instances, in no
    particular order."""
    written_table = table(model)
    found = _selected("all", model, equals, lambda t: t.columns)
    return [written_table.instance(row) for row in found]


def one_statement():
    """Where one of our statements runs, atomic by itself: outside a transaction, nothing around
    it (no BEGIN nor COMMIT to pay); inside a caller's, a savepoint, so that an error (a unique
    key a second sending meets) leaves the caller's transaction usable."""
    return transaction.atomic() if connection.in_atomic_block else contextlib.nullcontext()


def written_row(model, **fields):
    """An instance of ``model`` for the row one of our statements just wrote with ``fields``
    (written without the ORM, which would otherwise take the instance for one to insert)."""
    instance = model(**fields)
    instance._state.adding, instance._state.db = False, connection.alias
    return instance
