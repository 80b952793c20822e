"""The filter's options (app/portfolio/filtering.py): the regions and sectors among the
initiatives one may see, each once, sorted, no empty sector; walked along the indexes for
whoever sees everything, read off their own initiatives for the others."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy.orm import Session

from app.access import services as access
from app.initiatives import services as initiatives
from app.portfolio.filtering import filter_options
from app.portfolio.queries import Scope
from tests.conftest import People


def _options(session: Session, user: object) -> tuple[list[str], list[str]]:
    scope = Scope(user=user, now=datetime.now(UTC), default_stalled_days=30)  # type: ignore[arg-type]
    return filter_options(session, scope)


def test_everyone_sees_the_regions_and_sectors_of_what_they_may_see(
    session: Session, people: People
) -> None:
    made = {}
    for name, region, sector in (
        ("Textilnoden", "Västra Götaland", "Textil"),
        ("Textil Syd", "Skåne", "Textil"),
        ("Rymdklustret", "Norrbotten", "Rymd"),
        ("Utan bransch", "Skåne", None),
        ("Ärlig mat", "Örebro", "Livsmedel"),
    ):
        made[name] = initiatives.create_initiative(
            session, actor=people.support, name=name, region=region, sector=sector
        )
    everything = (
        ["Norrbotten", "Skåne", "Västra Götaland", "Örebro"],
        ["Livsmedel", "Rymd", "Textil"],
    )
    assert _options(session, people.support) == everything
    assert _options(session, people.admin) == everything
    access.add_member(
        session, actor=people.admin, initiative_id=made["Rymdklustret"].id,
        email=people.outsider.email,
    )  # fmt: skip
    assert _options(session, people.outsider) == (["Norrbotten"], ["Rymd"])
    assert _options(session, people.funder) == ([], [])
