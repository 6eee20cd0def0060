"""Walking the position tree in the database, touching only the part that matters.

django-tree-queries gives the models their parent links and ordering, but its
queries build the CTE over the whole table before filtering. A province has
tens of thousands of positions, and a permission check runs on every request,
so these walks start from the given node and visit only its subtree (down) or
its chain of superiors (up), using the index on parent_id.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import connection
from django.db.models.expressions import RawSQL

from kinerja.organisation.models import Assignment, Position


def _table() -> str:
    return connection.ops.quote_name(Position._meta.db_table)


def below(position_ids: Iterable[int]) -> RawSQL:
    """A subquery of every position under `position_ids` (not themselves), for `__in`."""
    ids = sorted(set(position_ids)) or [0]
    placeholders = ", ".join(["%s"] * len(ids))
    table = _table()
    sql = (
        f"WITH RECURSIVE down(id) AS ("
        f"SELECT id FROM {table} WHERE parent_id IN ({placeholders}) "
        f"UNION ALL SELECT p.id FROM {table} p JOIN down ON p.parent_id = down.id"
        f") SELECT id FROM down"
    )
    return RawSQL(sql, ids)


def chain_above(position_id: int) -> list[int]:
    """The ids of the superiors' positions of `position_id`, nearest first."""
    return chains_above([position_id]).get(position_id, [])


def chains_above(position_ids: Iterable[int]) -> dict[int, list[int]]:
    """chain_above for many positions in one query: each id to its superiors, nearest first."""
    ids = sorted(set(position_ids))
    if not ids:
        return {}
    placeholders = ", ".join(["%s"] * len(ids))
    table = _table()
    sql = (
        f"WITH RECURSIVE up(start, id, parent_id, depth) AS ("
        f"SELECT id, id, parent_id, 0 FROM {table} WHERE id IN ({placeholders}) "
        f"UNION ALL SELECT up.start, p.id, p.parent_id, up.depth + 1 FROM {table} p "
        f"JOIN up ON p.id = up.parent_id"
        f") SELECT start, id FROM up WHERE depth > 0 ORDER BY start, depth"
    )
    chains: dict[int, list[int]] = {pk: [] for pk in ids}
    with connection.cursor() as cursor:
        cursor.execute(sql, ids)
        for start, pk in cursor.fetchall():
            chains[start].append(pk)
    return chains


def reporting_to(position_ids: Iterable[int], *, on: dt.date) -> RawSQL:
    """A subquery of the positions whose penilai holds one of `position_ids` on `on`.

    Those are the children, and, under a child that nobody holds on `on`, the
    children of that vacant post, and so on: the same rule as reporting_line,
    which skips vacant superiors.
    """
    ids = sorted(set(position_ids)) or [0]
    placeholders = ", ".join(["%s"] * len(ids))
    table = _table()
    assignments = connection.ops.quote_name(Assignment._meta.db_table)
    held = (
        f"EXISTS (SELECT 1 FROM {assignments} a WHERE a.position_id = p.id "
        f"AND a.start <= %s AND (a.{connection.ops.quote_name('end')} IS NULL "
        f"OR a.{connection.ops.quote_name('end')} >= %s))"
    )
    sql = (
        f"WITH RECURSIVE down(id, held) AS ("
        f"SELECT p.id, {held} FROM {table} p WHERE p.parent_id IN ({placeholders}) "
        f"UNION ALL SELECT p.id, {held} FROM {table} p "
        f"JOIN down ON p.parent_id = down.id WHERE NOT down.held"
        f") SELECT id FROM down"
    )
    return RawSQL(sql, [on, on, *ids, on, on])
