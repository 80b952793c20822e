"""What the gate-loop browser tests share: the live server's database, work done there
through the use-cases (as another user would, in between), and opening an item."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from playwright.sync_api import Locator, Page, expect
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db import make_engine, make_sessionmaker
from app.domain.items import ItemStatus, ItemUpdate
from app.initiatives import items as initiative_items
from app.models.accounts import User
from app.phases import Phase, get_model
from tests.conftest import AUDIT_KEY


@contextmanager
def server_session(tmp_path: Path) -> Iterator[Session]:
    """A session on the live server's own database (the server fixture puts it here)."""
    engine = make_engine(f"sqlite:///{tmp_path / 'browser.db'}")
    try:
        with make_sessionmaker(engine, audit_key=AUDIT_KEY)() as session:
            yield session
    finally:
        engine.dispose()


def user(session: Session, email: str) -> User:
    return session.scalars(select(User).where(User.email == email)).one()


def settle_phase(session: Session, initiative_id: int, phase: Phase, leader: User) -> None:
    """Every required item of `phase` done, with a note (as the group would)."""
    for item in get_model().required_items(phase):
        update = ItemUpdate(ItemStatus.DONE, f"Underlag för {item.key}")
        initiative_items.update_item(
            session, actor=leader, initiative_id=initiative_id, key=item.key, update=update
        )


def anchor(key: str) -> str:
    return "item-" + key.replace(".", "-")


def open_item(page: Page, key: str) -> Locator:
    """Open an item's line by mouse: its form or record is fetched in place."""
    row = page.locator(f"#{anchor(key)}")
    with page.expect_response(lambda r: r.url.endswith(f"/items/{key}")):
        row.locator("summary").click()
    expect(row.locator(".item-body > *").first).to_be_attached()
    return row
