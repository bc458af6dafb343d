"""Bulk writing for the bench only: COPY on PostgreSQL, executemany in one transaction on SQLite.

Around the load, the secondary indexes, foreign keys and the no-overlap guard of the written tables are
dropped and then re-created from the database's own catalogue (``sqlite_master`` / ``pg_get_indexdef`` and
``pg_get_constraintdef``), i.e. with exactly the SQL that the migrations (nguon/core/db.py ``NoOverlap``
included) created. Re-creating them checks every row: PostgreSQL validates the foreign keys and builds the
exclusion constraint over all tenures; on SQLite (whose triggers only look at new rows) the bench runs the
triggers' overlap test and ``PRAGMA foreign_key_check`` once over the whole table.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import time
from collections.abc import Callable
from typing import Any

from django.core.management.color import no_style
from django.db import connection

from .dataset import TABLES, Writer

OVERLAPS_SQL = """
SELECT COUNT(*) FROM organizations_tenure a JOIN organizations_tenure b
  ON a.person_id = b.person_id AND a.post_id = b.post_id AND a.id < b.id
 AND a.start_date <= COALESCE(b.end_date, '9999-12-31') AND b.start_date <= COALESCE(a.end_date, '9999-12-31')
"""


def _sqlite_date(value: dt.date) -> str:
    return value.isoformat()


class SqliteWriter(Writer):
    def __init__(self, log: Callable[[str], None]):
        self.log = log
        connection.ensure_connection()
        self.raw: sqlite3.Connection = connection.connection
        sqlite3.register_adapter(dt.date, _sqlite_date)
        self.saved: list[tuple[str, str, str]] = []  # (type, name, sql)
        self.sql: dict[str, str] = {}

    def begin(self, keep_guards: bool = False) -> None:
        raw = self.raw
        names = ", ".join(f"'{t}'" for t in TABLES)
        self.saved = list(
            raw.execute(
                "SELECT type, name, sql FROM sqlite_master WHERE type IN ('index', 'trigger') "
                f"AND sql IS NOT NULL AND tbl_name IN ({names}) ORDER BY type, name"
            )
        )
        if keep_guards:
            self.saved = []
        for kind, name, _ in self.saved:
            raw.execute(f'DROP {kind.upper()} "{name}"')
        raw.execute("PRAGMA foreign_keys = OFF")
        raw.execute("PRAGMA synchronous = OFF")
        raw.execute("PRAGMA journal_mode = MEMORY")
        raw.execute("PRAGMA cache_size = -524288")  # 512 MiB while loading and indexing
        raw.execute("BEGIN")

    def write(self, table: str, columns: tuple[str, ...], rows: list[Any]) -> None:
        sql = self.sql.get(table)
        if sql is None:
            sql = self.sql[table] = (
                f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
            )
        self.raw.executemany(sql, rows)

    def finish(self) -> dict[str, float]:
        raw = self.raw
        times: dict[str, float] = {}
        raw.execute("COMMIT")
        t0 = time.perf_counter()
        for kind, _name, sql in self.saved:
            if kind == "index":
                raw.execute(sql)
        times["indexes"] = time.perf_counter() - t0
        t0 = time.perf_counter()
        overlaps = raw.execute(OVERLAPS_SQL).fetchone()[0]
        bad_fks = sum(1 for t in TABLES for _ in raw.execute(f"PRAGMA foreign_key_check({t})"))
        times["checks"] = time.perf_counter() - t0
        if overlaps or bad_fks:
            raise RuntimeError(f"bench data broke the constraints: {overlaps} overlaps, {bad_fks} bad keys")
        for kind, _name, sql in self.saved:
            if kind == "trigger":
                raw.execute(sql)
        raw.execute("PRAGMA foreign_keys = ON")
        connection.close()  # measurements use a fresh connection with Django's own settings
        return times


class PostgresWriter(Writer):
    def __init__(self, log: Callable[[str], None]):
        self.log = log
        connection.ensure_connection()
        self.raw = connection.connection
        self.constraints: list[tuple[str, str, str]] = []  # (table, name, definition)
        self.indexes: list[tuple[str, str]] = []  # (name, definition)

    def begin(self, keep_guards: bool = False) -> None:
        tables = list(TABLES)
        if keep_guards:
            return
        with self.raw.cursor() as cur:
            cur.execute(
                "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint "
                "WHERE contype IN ('f', 'x') AND conrelid::regclass::text = ANY(%s) ORDER BY contype, conname",
                [tables],
            )
            self.constraints = list(cur.fetchall())
            cur.execute(
                "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i "
                "WHERE i.indrelid::regclass::text = ANY(%s) AND NOT i.indisprimary "
                "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid) "
                "ORDER BY 1",
                [tables],
            )
            self.indexes = list(cur.fetchall())
            for table, name, _ in self.constraints:
                cur.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
            for name, _ in self.indexes:
                cur.execute(f"DROP INDEX {name}")
        self.raw.commit()

    def write(self, table: str, columns: tuple[str, ...], rows: list[Any]) -> None:
        with (
            self.raw.cursor() as cur,
            cur.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy,
        ):
            for row in rows:
                copy.write_row(row)
        self.raw.commit()

    def finish(self) -> dict[str, float]:
        from nguon.organizations.models import Body, Organization, Post, Tenure, Term
        from nguon.people.models import Person

        times: dict[str, float] = {}
        with self.raw.cursor() as cur:
            cur.execute("SET maintenance_work_mem = '512MB'")
            t0 = time.perf_counter()
            for _, definition in self.indexes:
                cur.execute(definition)
            self.raw.commit()
            times["indexes"] = time.perf_counter() - t0
            for kind, label in (
                ("FOREIGN KEY", "foreign keys"),
                ("EXCLUDE", "no-overlap exclusion constraint"),
            ):
                t0 = time.perf_counter()
                for table, name, definition in self.constraints:
                    if definition.startswith(kind):
                        cur.execute(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')
                self.raw.commit()
                times[label] = time.perf_counter() - t0
            for sql in connection.ops.sequence_reset_sql(
                no_style(), [Organization, Body, Term, Post, Person, Tenure]
            ):
                cur.execute(sql)
            cur.execute("RESET maintenance_work_mem")
        self.raw.commit()
        connection.close()
        return times


def writer_for(log: Callable[[str], None]) -> SqliteWriter | PostgresWriter:
    if connection.vendor == "postgresql":
        return PostgresWriter(log)
    if connection.vendor == "sqlite":
        return SqliteWriter(log)
    raise SystemExit(f"bench: unsupported database {connection.vendor}")
