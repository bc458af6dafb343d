"""Database-level guarantees and chores that Django's ORM cannot express on every backend.

``NoOverlap`` is a migration operation: on PostgreSQL an exclusion constraint over a ``daterange``
(btree_gist), on SQLite a pair of triggers. Either way the database itself refuses two rows of one group
whose closed date intervals overlap, whatever code path writes them.

``analyze`` refreshes the query planner's statistics of tables a bulk write has just filled, so that the
queries that follow are planned for the rows that are there.
"""

from __future__ import annotations

from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections, migrations
from django.db.models import Model, Q


def prefix_q(lookup: str, prefix: str, using: str = DEFAULT_DB_ALIAS) -> Q:
    """``<lookup> LIKE 'prefix%'`` in a form the database can answer from an index.

    SQLite never uses an index for ``LIKE`` with Django's ``ESCAPE`` clause (its LIKE optimisation needs a
    case-insensitive column or ``case_sensitive_like``), so a subtree read by materialised path scanned every
    tenure of the country: one commune's holdings took 2,4 s on the national dataset. There the prefix is
    also asked as the range [prefix, prefix with its last character + 1), which the index on the column
    answers (SQLite compares text bytewise); the ``LIKE`` stays, so the result is the same. PostgreSQL keeps
    the plain ``LIKE``: its collation need not be bytewise, and its planner reaches the subtree otherwise.
    """
    q = Q(**{f"{lookup}__startswith": prefix})
    if prefix and connections[using].vendor == "sqlite":
        upper = prefix[:-1] + chr(ord(prefix[-1]) + 1)
        q &= Q(**{f"{lookup}__gte": prefix, f"{lookup}__lt": upper})
    return q


def analyze(*models: type[Model], using: str = DEFAULT_DB_ALIAS) -> None:
    """Refresh the planner's statistics of the tables of ``models``; call it after a bulk write, before
    the queries that read (and above all join) what it wrote. Works inside a transaction.

    Why: PostgreSQL plans from the statistics autovacuum last took. After a rolled-back load or import (a
    dry run, an error, a test) it may have counted 0 live rows over many pages of dead ones, and then takes
    a table of 15.000 freshly written rows for one row: a nested loop over areas × areas ran 11 minutes in
    CI. ``ANALYZE`` inside the writing transaction counts its own uncommitted rows, so the plans that follow
    fit them. SQLite keeps no statistics unless ANALYZE ran, and never refreshes them by itself; once they
    exist (the bench takes them) they go stale the same way, so they are refreshed here too. The cost is a
    sample of each table on PostgreSQL (at most 30.000 rows), a read of its indexes on SQLite: about 0,1 s
    and 0,03 s for the 14.700 areas of the whole country.
    """
    if not models:
        return
    connection = connections[using]
    tables = [connection.ops.quote_name(model._meta.db_table) for model in dict.fromkeys(models)]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"ANALYZE {', '.join(tables)}")
        elif connection.vendor == "sqlite":
            for table in tables:
                cursor.execute(f"ANALYZE {table}")


class NoOverlap(migrations.operations.base.Operation):
    """Forbid overlapping closed intervals [start, end] (NULL = unbounded) among rows sharing ``columns``."""

    reduces_to_sql = True
    reversible = True

    def __init__(self, table: str, name: str, columns: list[str], start: str, end: str) -> None:
        self.table, self.name, self.columns, self.start, self.end = table, name, columns, start, end

    def deconstruct(self) -> tuple[str, list[Any], dict[str, Any]]:
        kwargs = {
            "table": self.table,
            "name": self.name,
            "columns": self.columns,
            "start": self.start,
            "end": self.end,
        }
        return self.__class__.__name__, [], kwargs

    def state_forwards(self, app_label: str, state: Any) -> None:
        """Nothing in the model state changes."""

    def describe(self) -> str:
        return f"Forbid overlapping intervals on {self.table} ({self.name})"

    def _sqlite_trigger(self, event: str) -> str:
        same = " AND ".join(f"t.{c} = NEW.{c}" for c in self.columns)
        not_self = " AND t.id != NEW.id" if event == "UPDATE" else ""
        return (
            f"CREATE TRIGGER {self.name}_{event.lower()} BEFORE {event} ON {self.table} "
            f"WHEN EXISTS (SELECT 1 FROM {self.table} t WHERE {same}{not_self} "
            f"AND COALESCE(t.{self.start}, '0001-01-01') <= COALESCE(NEW.{self.end}, '9999-12-31') "
            f"AND COALESCE(NEW.{self.start}, '0001-01-01') <= COALESCE(t.{self.end}, '9999-12-31')) "
            f"BEGIN SELECT RAISE(ABORT, 'overlapping interval: {self.name}'); END"
        )

    def database_forwards(self, app_label: str, schema_editor: Any, from_state: Any, to_state: Any) -> None:
        vendor = schema_editor.connection.vendor
        if vendor == "postgresql":
            schema_editor.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
            cols = ", ".join(f"{c} WITH =" for c in self.columns)
            schema_editor.execute(
                f"ALTER TABLE {self.table} ADD CONSTRAINT {self.name} EXCLUDE USING gist "
                f"({cols}, daterange({self.start}, {self.end}, '[]') WITH &&)"
            )
        elif vendor == "sqlite":
            schema_editor.execute(self._sqlite_trigger("INSERT"))
            schema_editor.execute(self._sqlite_trigger("UPDATE"))

    def database_backwards(self, app_label: str, schema_editor: Any, from_state: Any, to_state: Any) -> None:
        vendor = schema_editor.connection.vendor
        if vendor == "postgresql":
            schema_editor.execute(f"ALTER TABLE {self.table} DROP CONSTRAINT IF EXISTS {self.name}")
        elif vendor == "sqlite":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {self.name}_insert")
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {self.name}_update")
