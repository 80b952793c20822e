"""Reads of evidence. A piece serves its own item (`Evidence.item_key`) and every item it
is attached to (`EvidenceLink`): every read here counts it for each of them."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from functools import cache, lru_cache

from sqlalchemy import (
    ColumnElement,
    Integer,
    Select,
    SQLColumnExpression,
    String,
    Subquery,
    bindparam,
    exists,
    or_,
    select,
)
from sqlalchemy.orm import Session, joinedload

from app.models.evidence import Evidence, EvidenceLink


def get_evidence(session: Session, evidence_id: int) -> Evidence | None:
    return session.get(Evidence, evidence_id)


def evidence(
    session: Session, initiative_id: int, *, key: str | None = None
) -> dict[str, list[Evidence]]:
    """The evidence of an initiative (or of one item) by the items it serves, oldest
    first; a shared piece is listed under each of its items: one query."""
    params: dict[str, object] = {"initiative_id": initiative_id}
    if key is not None:
        params["key"] = key
    by_key: dict[str, list[Evidence]] = {}
    seen: set[tuple[str, int]] = set()
    for row, linked in session.execute(_evidence(key is not None), params):
        for served in (row.item_key, linked):
            if served is None or (key is not None and served != key):
                continue
            if (served, row.id) not in seen:
                seen.add((served, row.id))
                by_key.setdefault(served, []).append(row)
    return dict(sorted(by_key.items()))


# Read on every initiative page and item save: built once (app.initiatives.queries).
@cache
def _evidence(of_one_item: bool) -> Select[Evidence, str]:
    query = (
        select(Evidence, EvidenceLink.item_key)
        .outerjoin(EvidenceLink, EvidenceLink.evidence_id == Evidence.id)
        .options(joinedload(Evidence.added_by))
        .where(Evidence.initiative_id == bindparam("initiative_id"))
    )
    if of_one_item:
        query = query.where(_serves_the_item())
    return query.order_by(Evidence.id)


def _serves_the_item() -> ColumnElement[bool]:
    key = bindparam("key", type_=String)
    return or_(Evidence.item_key == key, EvidenceLink.item_key == key)


def any_of_the_item() -> ColumnElement[bool]:
    """SQL: whether `evidence(…, key=…)` would find anything, the initiative and the item
    bound as `initiative_id` and `key` (so that a statement run anyway can tell)."""
    return exists(
        select(Evidence.id)
        .outerjoin(EvidenceLink, EvidenceLink.evidence_id == Evidence.id)
        .where(Evidence.initiative_id == bindparam("initiative_id"), _serves_the_item())
    )


def served_by(by_key: Mapping[str, Sequence[Evidence]]) -> dict[int, list[str]]:
    """Per piece (by id), the items it serves, its own first: read off `evidence()`."""
    found: dict[int, list[str]] = {}
    for key, rows in by_key.items():
        for row in rows:
            keys = found.setdefault(row.id, [row.item_key])
            if key != row.item_key:
                keys.append(key)
    return found


def served_keys(session: Session, evidence_id: int, *, initiative_id: int) -> list[str]:
    """The items one piece of the initiative serves, its own first, then the others in key
    order (none: the initiative has no such piece)."""
    own = session.scalar(
        select(Evidence.item_key).where(
            Evidence.id == evidence_id, Evidence.initiative_id == initiative_id
        )
    )
    if own is None:
        return []
    linked = session.scalars(
        select(EvidenceLink.item_key)
        .where(EvidenceLink.evidence_id == evidence_id)
        .order_by(EvidenceLink.item_key)
    )
    return [own, *linked]


def pieces_served(initiative_ids: Iterable[int] | None, *, prefix: str | None = None) -> Subquery:
    """SQL: every (initiative_id, item_key, evidence_id, effective_on, expires_on) of a
    piece not withdrawn and an item it serves (whose key starts with `prefix`, if given),
    for some initiatives (None: the one bound as `initiative_id` when it runs)."""
    return _served(None if initiative_ids is None else tuple(initiative_ids), prefix)


@lru_cache(maxsize=256)
def _served(ids: tuple[int, ...] | None, prefix: str | None) -> Subquery:
    # Built once per initiative (and phase): building it costs more than running it on
    # SQLite (about 1 ms), and every item save asks. Statements are immutable, so shared.
    one = bindparam("initiative_id", type_=Integer)
    own = select(
        Evidence.initiative_id, Evidence.item_key, Evidence.id.label("evidence_id"),
        Evidence.effective_on, Evidence.expires_on,
    ).where(
        Evidence.initiative_id == one if ids is None else Evidence.initiative_id.in_(ids),
        Evidence.withdrawn_at.is_(None),
    )  # fmt: skip
    shared = (
        select(
            EvidenceLink.initiative_id, EvidenceLink.item_key, Evidence.id,
            Evidence.effective_on, Evidence.expires_on,
        )
        .join(Evidence, Evidence.id == EvidenceLink.evidence_id)
        .where(
            EvidenceLink.initiative_id == one if ids is None
            else EvidenceLink.initiative_id.in_(ids),
            Evidence.withdrawn_at.is_(None),
        )
    )  # fmt: skip
    if prefix is not None:
        own = own.where(Evidence.item_key.startswith(prefix, autoescape=True))
        shared = shared.where(EvidenceLink.item_key.startswith(prefix, autoescape=True))
    return own.union_all(shared).subquery("served")


def any_piece_serves(
    initiative_id: SQLColumnExpression[int],
    item_key: SQLColumnExpression[str],
    *conditions: ColumnElement[bool],
) -> ColumnElement[bool]:
    """SQL: some piece not withdrawn that meets `conditions` (on Evidence's columns) serves
    the item, as its own or attached (correlated with the enclosing query)."""
    own = exists().where(
        Evidence.initiative_id == initiative_id,
        Evidence.item_key == item_key,
        Evidence.withdrawn_at.is_(None),
        *conditions,
    )
    shared = exists().where(
        EvidenceLink.initiative_id == initiative_id,
        EvidenceLink.item_key == item_key,
        Evidence.id == EvidenceLink.evidence_id,
        Evidence.withdrawn_at.is_(None),
        *conditions,
    )
    return or_(own, shared)
