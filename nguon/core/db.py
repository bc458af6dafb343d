"""Database-level guarantees that Django's ORM cannot express on every backend.

``NoOverlap`` is a migration operation: on PostgreSQL an exclusion constraint over a ``daterange``
(btree_gist), on SQLite a pair of triggers. Either way the database itself refuses two rows of one group
whose closed date intervals overlap, whatever code path writes them.
"""

from __future__ import annotations

from typing import Any

from django.db import migrations


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
