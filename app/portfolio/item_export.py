"""Every item state of the visible portfolio as CSV, one row per initiative × item,
streamed in constant memory (the database streams the rows; chunks of text go out).

Read from the item states themselves: the text in the chosen language comes from the
version of the model each initiative follows.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import datetime

from sqlalchemy import func, select, union_all
from sqlalchemy.orm import Session

from app.clock import LOCAL_ZONE
from app.domain.items import ItemStatus
from app.i18n import translations
from app.labels import N_, label
from app.models.accounts import User
from app.models.evidence import Evidence, EvidenceLink
from app.models.initiatives import Initiative, ItemState
from app.phases import Category, get_model
from app.portfolio.queries import restrict_visible

BOM = "\ufeff"
SEPARATORS = {"sv": ";", "en": ","}
CHUNK = 2000
HEADERS = (
    N_("Initiative"), N_("Phase"), N_("Checklist"), N_("Item key"), N_("Item"),
    N_("Status"), N_("Needs confirmation"), N_("Changed by"), N_("Changed at"),
    N_("Target date"), N_("Evidence"),
)  # fmt: skip


def _query(user: User) -> object:
    # A piece counts for its own item and for every item it is attached to.
    served = union_all(
        select(Evidence.initiative_id, Evidence.item_key).where(Evidence.withdrawn_at.is_(None)),
        select(EvidenceLink.initiative_id, EvidenceLink.item_key)
        .join(Evidence, Evidence.id == EvidenceLink.evidence_id)
        .where(Evidence.withdrawn_at.is_(None)),
    ).subquery("served")
    evidence = (
        select(served.c.initiative_id, served.c.item_key, func.count().label("pieces"))
        .group_by(served.c.initiative_id, served.c.item_key)
        .subquery("pieces")
    )
    query = (
        select(
            Initiative.name, Initiative.model_version, ItemState.item_key, ItemState.status,
            ItemState.needs_confirmation, User.name, ItemState.updated_at, ItemState.target_date,
            func.coalesce(evidence.c.pieces, 0),
        )
        .join(ItemState, ItemState.initiative_id == Initiative.id)
        .outerjoin(User, User.id == ItemState.updated_by_id)
        .outerjoin(
            evidence,
            (evidence.c.initiative_id == ItemState.initiative_id)
            & (evidence.c.item_key == ItemState.item_key),
        )
        .order_by(Initiative.id, ItemState.id)
    )  # fmt: skip
    return restrict_visible(query, user).execution_options(yield_per=CHUNK)


def _item_cells(version: str, key: str, lang: str) -> tuple[str, str, str, str]:
    """Phase, checklist, key and text of an item in `lang` (blank where the model lacks it)."""
    item = get_model(version).item(key)
    if item is None:
        return "", "", key, ""
    phase, checklist = label(item.phase, lang), label(item.category, lang, Category)
    return phase, checklist, key, item.text.get(lang)


def csv_chunks(session: Session, user: User, lang: str) -> Iterator[str]:
    """The CSV in pieces of about CHUNK rows (a byte-order mark first, for Excel)."""
    gettext = translations(lang).gettext
    out = io.StringIO()
    writer = csv.writer(out, delimiter=SEPARATORS.get(lang, ","))
    out.write(BOM)
    writer.writerow([gettext(h) for h in HEADERS])
    confirm_cells = {True: gettext("yes"), False: gettext("no")}
    # A million rows share a few hundred items and statuses: look each up once.
    items: dict[tuple[str, str], tuple[str, str, str, str]] = {}
    statuses = {s: label(s, lang, ItemStatus) for s in ItemStatus}
    rows = session.execute(_query(user))  # type: ignore[call-overload]
    for count, (name, version, key, status, confirm, who, when, target, pieces) in enumerate(
        rows, start=1
    ):
        cells = items.get((version, key))
        if cells is None:
            cells = items[version, key] = _item_cells(version, key, lang)
        changed: datetime | None = when
        writer.writerow(
            (
                name,
                *cells,
                statuses.get(status) or label(status, lang, ItemStatus),
                confirm_cells[bool(confirm)],
                who or "",
                changed.astimezone(LOCAL_ZONE).strftime("%Y-%m-%d %H:%M") if changed else "",
                target.isoformat() if target else "",
                pieces,
            )
        )
        if count % CHUNK == 0:
            yield out.getvalue()
            out.seek(0)
            out.truncate()
    yield out.getvalue()
