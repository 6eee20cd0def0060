"""Appending millions of rows of one model without building model instances.

`bulk_create` spends about a hundred microseconds per row on model instances
and SQL compilation; a seeded province has ten million realisasi, so those go
in as plain tuples: COPY on PostgreSQL, a prepared INSERT run with executemany
elsewhere. Only for rows whose primary keys nobody needs back.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.db import connections
from django.db.models import Field, Model
from django.utils import timezone


class RowWriter:
    """Buffers rows for `model` (values for `columns`, by attname) and writes them in batches.

    Every other column gets its field default (auto_now_add: the time the
    writer was made), so the writer keeps working when a field with a default
    is added to the model.
    """

    def __init__(
        self,
        model: type[Model],
        columns: Sequence[str],
        *,
        batch_size: int = 5000,
        using: str = "default",
    ) -> None:
        self.connection = connections[using]
        self.batch_size = batch_size
        fields: list[Field[Any, Any]] = [
            f
            for f in model._meta.concrete_fields
            if not f.primary_key  # ids come from the database's sequence
        ]
        by_attname = {f.attname: f for f in fields}
        unknown = set(columns) - set(by_attname)
        if unknown:
            raise ValueError(f"{model.__name__} has no columns {sorted(unknown)}")
        given = [by_attname[c] for c in columns]
        rest = [f for f in fields if f.attname not in columns]
        now = timezone.now()
        self._rest = tuple(
            f.get_db_prep_save(
                now
                if getattr(f, "auto_now_add", False) or getattr(f, "auto_now", False)
                else f.get_default(),
                self.connection,
            )
            for f in rest
        )
        quote = self.connection.ops.quote_name
        table = quote(model._meta.db_table)
        names = ", ".join(quote(f.column or f.attname) for f in (*given, *rest))
        self._copy_sql = f"COPY {table} ({names}) FROM STDIN"
        marks = ", ".join(["%s"] * (len(given) + len(rest)))
        self._insert_sql = f"INSERT INTO {table} ({names}) VALUES ({marks})"  # noqa: S608
        self._rows: list[tuple[Any, ...]] = []
        self.written = 0

    def adapt_datetime(self, value: dt.datetime) -> Any:
        """A timezone-aware datetime as this database expects it in a raw row."""
        return self.connection.ops.adapt_datetimefield_value(value)

    def add(self, values: tuple[Any, ...]) -> None:
        """Queue one row; datetimes must already be passed through adapt_datetime."""
        self._rows.append(values + self._rest)
        if len(self._rows) >= self.batch_size:
            self.flush()

    def flush(self) -> None:
        """Write the queued rows."""
        if not self._rows:
            return
        with self.connection.cursor() as cursor:
            if self.connection.vendor == "postgresql":
                with cursor.cursor.copy(self._copy_sql) as copy:
                    for row in self._rows:
                        copy.write_row(row)
            else:
                cursor.executemany(self._insert_sql, self._rows)
        self.written += len(self._rows)
        self._rows = []
