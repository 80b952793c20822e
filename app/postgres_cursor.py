"""psycopg cursors whose `description` builds its columns when they are read.

SQLAlchemy asks for a cursor's description after every statement, but on a cached
statement it only checks that there is one: its result's columns are known already.
psycopg builds a Column a column each time it is asked (a type look-up each), which cost
an item save about 5% of its CPU for nothing (bench/save_profile.py --profile)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, overload

import psycopg
from psycopg import Column, pq

_ROWS = (pq.ExecStatus.TUPLES_OK, pq.ExecStatus.SINGLE_TUPLE, pq.ExecStatus.TUPLES_CHUNK)


class _Pinned:
    """What a Column reads of its cursor, held to one result: the cursor may have run
    another statement by the time the columns are read."""

    __slots__ = ("_encoding", "adapters", "pgresult")

    def __init__(self, cursor: psycopg.Cursor[Any], result: pq.abc.PGresult) -> None:
        self.pgresult = result
        self._encoding = cursor._encoding
        self.adapters = cursor.adapters


class Columns(Sequence[Column]):
    """A result's columns, as psycopg describes them, built on first read."""

    __slots__ = ("_built", "_count", "_pinned")

    def __init__(self, cursor: psycopg.Cursor[Any], result: pq.abc.PGresult) -> None:
        self._pinned = _Pinned(cursor, result)
        self._count = result.nfields
        self._built: list[Column] | None = None

    def __len__(self) -> int:
        return self._count

    @overload
    def __getitem__(self, index: int) -> Column: ...
    @overload
    def __getitem__(self, index: slice) -> list[Column]: ...
    def __getitem__(self, index: int | slice) -> Column | list[Column]:
        return self._columns()[index]

    def _columns(self) -> list[Column]:
        if self._built is None:
            pinned: Any = self._pinned  # a Column reads only what _Pinned holds
            self._built = [Column(pinned, i) for i in range(self._count)]
        return self._built

    def __eq__(self, other: object) -> bool:
        return list(self) == other

    def __repr__(self) -> str:
        return repr(self._columns())


class Cursor(psycopg.Cursor[psycopg.rows.Row]):
    @property
    def description(self) -> Columns | None:  # type: ignore[override]
        result = self.pgresult
        if result and (result.nfields or result.status in _ROWS):
            return Columns(self, result)
        return None
