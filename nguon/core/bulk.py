"""Inserting many validated rows fast, each with its audit record: the path of big imports.

Django's ``bulk_create`` builds a model instance per row and prepares every value through its fields, which
costs more than the database's own work at 100.000 rows. Here rows are plain tuples in a declared column
order — the services declare each kind of row once, as a ``NamedTuple`` whose ``_fields`` are the columns
(``PersonRow``, ``TenureRow``, ``OrganizationRow`` …); ids are allocated first (PostgreSQL: from the table's own sequence; SQLite: after the largest id ever
used), so the caller knows every new row's id without reading it back, then the rows go in with ``COPY``
(PostgreSQL) or one ``executemany`` (SQLite). The caller validates the values (the importer's parsers, the
services' checks); the database's constraints still refuse what they refuse.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from typing import Any

import orjson
from django.core.exceptions import ValidationError
from django.db import connection, models
from django.utils import timezone

from .audit import Actor, audit_user
from .models import AuditAction, AuditRecord
from .services import Errors

#: A row of values in its columns' order: a tuple, usually one of the services' ``NamedTuple`` rows.
Row = Sequence[Any]


class RowsRefused(ValidationError):
    """A bulk write refused some of its rows, and wrote nothing. ``rows`` maps the index of each refused row
    (0-based, in the order given) to its Vietnamese errors by field, as the entity's rule found them."""

    def __init__(self, rows: dict[int, Errors]):
        self.rows = rows
        super().__init__([error for errors in rows.values() for found in errors.values() for error in found])


def _allocate_ids(table: str, count: int) -> list[int]:
    qn = connection.ops.quote_name
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)", [table, count]
            )
            return [value for (value,) in cursor.fetchall()]
        # SQLite's AUTOINCREMENT never reuses an id: start after both the table's and the sequence's largest.
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {qn(table)}")
        (largest,) = cursor.fetchone()
        cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
        found = cursor.fetchone()
        first = max(largest, found[0] if found else 0) + 1
        return list(range(first, first + count))


def _sqlite_adapter(field: models.Field[Any, Any]) -> Callable[[Any], Any] | None:
    """How a value reaches SQLite as Django itself would store it (dates as ISO text, JSON as text)."""
    if isinstance(field, models.DateTimeField):
        return functools.lru_cache(maxsize=16)(connection.ops.adapt_datetimefield_value)  # rows share one
    if isinstance(field, models.DateField):
        return connection.ops.adapt_datefield_value
    return None


def insert_rows(
    model: type[models.Model], columns: Sequence[str], rows: Sequence[Row], *, with_ids: bool = True
) -> list[int]:
    """Insert ``rows`` (values in ``columns`` order, by attname: ``person_id``, not ``person``); return the new
    ids in the rows' order. With ``with_ids=False`` the database numbers the rows itself (nothing refers to
    them, as for audit records) and nothing is returned: one round of id allocation saved."""
    if not rows:
        return []
    table = model._meta.db_table
    ids = _allocate_ids(table, len(rows)) if with_ids else []
    # the fields not given take their model default, as an instance would
    fields = {f.attname: f for f in model._meta.concrete_fields}
    rest = [f for name, f in fields.items() if name not in columns and not f.primary_key]
    if rest:
        defaults = tuple(f.get_default() for f in rest)
        columns = (*columns, *(f.attname for f in rest))
        rows = [(*row, *defaults) for row in rows]
    if with_ids:
        columns = ("id", *columns)
        rows = [(pk, *row) for pk, row in zip(ids, rows, strict=True)]
    names = ", ".join(connection.ops.quote_name(c) for c in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {connection.ops.quote_name(table)} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return ids
        adapters = [
            (i, a)
            for i, c in enumerate(columns)
            if c != "id" and (a := _sqlite_adapter(fields[c])) is not None
        ]
        prepared: Sequence[Row] = rows
        if adapters:
            prepared = []
            for row in rows:
                values = list(row)
                for i, adapt in adapters:
                    values[i] = adapt(values[i])
                prepared.append(values)
        marks = ", ".join(["%s"] * len(columns))
        cursor.executemany(
            f"INSERT INTO {connection.ops.quote_name(table)} ({names}) VALUES ({marks})", prepared
        )
    return ids


def audit_inserted(
    *,
    model: type[models.Model],
    columns: Sequence[str],
    rows: Sequence[Row],
    ids: Sequence[int],
    reprs: Sequence[str],
    acting_user: Actor,
    source: str,
) -> None:
    """One audit record per inserted row, as ``audit_record`` would write for a creation: every field from
    nothing to its value (empty fields left out, as a creation's diff leaves them)."""
    if not rows:
        return
    user = audit_user(acting_user)
    label = model._meta.label_lower
    at = timezone.now()
    # orjson writes dates as ISO text, as the audit's snapshots do, and is several times faster than json
    dumps = orjson.dumps
    audit_columns = ("at", "user_id", "action", "model", "object_id", "object_repr", "changes", "source")
    records = [
        (
            at, user.pk if user else None, AuditAction.CREATE.value, label, str(pk), text[:300],
            dumps({"id": [None, pk]} | {c: [None, v] for c, v in zip(columns, row, strict=True) if v is not None}, default=str)
            .decode(),
            source,
        )
        for pk, row, text in zip(ids, rows, reprs, strict=True)
    ]  # fmt: skip
    insert_rows(AuditRecord, audit_columns, records, with_ids=False)
