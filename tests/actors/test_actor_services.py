"""The actor register: all-or-nothing import, leaving and re-joining, facts and counts in SQL."""

from __future__ import annotations

import secrets
from datetime import date

import pytest
from sqlalchemy import Engine, delete, func, select
from sqlalchemy.orm import Session

from app import errors
from app.actors import queries, services
from app.actors.vocabulary import HelixSide
from app.db import make_sessionmaker
from app.domain.permissions import Role
from app.initiatives import services as initiatives
from app.models.accounts import User
from app.models.actors import Actor
from app.models.initiatives import Initiative
from tests.conftest import AUDIT_KEY, People, make_user

CSV = (
    "name;organisation_number;region;type;helix_side;joined_on;left_on\n"
    "Volvo;556012-5790;Västra Götaland;anchor_company;;2024-02-01;\n"
    "Chalmers;;Västra Götaland;university;;2024-03-01;\n"
    "Borås kommun;212000-1561;Västra Götaland;public_body;;2024-03-01;\n"
    "Väveriet;556123-4567;Västra Götaland;sme;;2024-01-01;2025-06-30\n"
)


def count(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(Actor)) or 0


def test_a_good_file_imports_every_row(
    session: Session, people: People, initiative: Initiative
) -> None:
    imported = services.import_csv(
        session, user=people.leader, initiative_id=initiative.id, data=CSV.encode()
    )
    assert imported == 4 and count(session) == 4
    facts = queries.facts(session, initiative.id, on=date(2026, 1, 1))
    assert (facts.active, facts.companies, facts.joined, facts.left) == (3, 1, 4, 1)
    assert facts.by_side == {HelixSide.BUSINESS: 1, HelixSide.ACADEMIA: 1, HelixSide.PUBLIC: 1}


def test_one_bad_row_and_nothing_is_imported(
    session: Session, people: People, initiative: Initiative
) -> None:
    bad = CSV + "Trasig AB;556012-5791;Skåne;sme;;2024-01-01;\n"
    with pytest.raises(services.ImportRefused) as caught:
        services.import_csv(
            session, user=people.leader, initiative_id=initiative.id, data=bad.encode()
        )
    assert [(e.line, e.field) for e in caught.value.errors] == [(6, "organisation_number")]
    assert count(session) == 0


def test_a_current_member_twice_is_refused_whole(
    session: Session, people: People, initiative: Initiative
) -> None:
    services.import_csv(
        session, user=people.support, initiative_id=initiative.id, data=CSV.encode()
    )
    again = (
        "name;region;type;joined_on\n"
        "Chalmers;Västra Götaland;university;2025-01-01\n"
        "Ny AB;Skåne;sme;2025-01-01\n"
        "ny ab;Skåne;sme;2025-02-01\n"
    )
    with pytest.raises(services.ImportRefused) as caught:
        services.import_csv(
            session, user=people.support, initiative_id=initiative.id, data=again.encode()
        )
    assert [(e.line, e.field) for e in caught.value.errors] == [(2, "name"), (4, "name")]
    assert count(session) == 4


def test_leaving_keeps_the_row_and_rejoining_adds_a_period(
    session: Session, people: People, initiative: Initiative
) -> None:
    services.import_csv(session, user=people.leader, initiative_id=initiative.id, data=CSV.encode())
    volvo = session.scalar(select(Actor).where(Actor.name == "Volvo"))
    assert volvo is not None
    services.leave(
        session,
        user=people.leader,
        initiative_id=initiative.id,
        actor_id=volvo.id,
        left_on="2025-03-01",
    )
    with pytest.raises(errors.Conflict):
        services.leave(
            session,
            user=people.leader,
            initiative_id=initiative.id,
            actor_id=volvo.id,
            left_on="2025-04-01",
        )
    with pytest.raises(services.ActorRefused):
        services.rejoin(
            session,
            user=people.leader,
            initiative_id=initiative.id,
            actor_id=volvo.id,
            joined_on="2025-02-01",
        )
    back = services.rejoin(
        session,
        user=people.leader,
        initiative_id=initiative.id,
        actor_id=volvo.id,
        joined_on="2025-09-01",
    )
    assert (
        back.id != volvo.id and back.organisation_number == "556012-5790" and back.left_on is None
    )
    assert count(session) == 5
    assert queries.member_counts(session, initiative.id) == [
        (date(2024, 1, 1), 1),
        (date(2024, 2, 1), 2),
        (date(2024, 3, 1), 4),
        (date(2025, 3, 1), 3),  # Volvo left
        (date(2025, 6, 30), 2),  # Väveriet left
        (date(2025, 9, 1), 3),  # Volvo back
    ]


def test_leaving_before_joining_is_refused(
    session: Session, people: People, initiative: Initiative
) -> None:
    services.import_csv(session, user=people.leader, initiative_id=initiative.id, data=CSV.encode())
    volvo = session.scalar(select(Actor).where(Actor.name == "Volvo"))
    assert volvo is not None
    with pytest.raises(services.ActorRefused) as caught:
        services.leave(
            session,
            user=people.leader,
            initiative_id=initiative.id,
            actor_id=volvo.id,
            left_on="2023-01-01",
        )
    assert caught.value.field == "left_on"


def test_funders_and_outsiders_do_not_edit_actors(
    session: Session, people: People, initiative: Initiative
) -> None:
    with pytest.raises(errors.Forbidden):
        services.import_csv(
            session, user=people.funder, initiative_id=initiative.id, data=CSV.encode()
        )
    with pytest.raises(errors.NotFound):
        services.import_csv(
            session, user=people.outsider, initiative_id=initiative.id, data=CSV.encode()
        )
    assert count(session) == 0
    assert (
        services.export_csv(session, user=people.funder, initiative_id=initiative.id).count("\n")
        == 1
    )


def test_an_export_imports_into_another_initiative(
    session: Session, people: People, initiative: Initiative
) -> None:
    services.import_csv(
        session, user=people.support, initiative_id=initiative.id, data=CSV.encode()
    )
    exported = services.export_csv(session, user=people.funder, initiative_id=initiative.id)
    other = initiatives.create_initiative(session, actor=people.support, name="Kopian", region="R")
    assert (
        services.import_csv(
            session, user=people.support, initiative_id=other.id, data=exported.encode()
        )
        == 4
    )
    assert services.export_csv(session, user=people.support, initiative_id=other.id) == exported


def test_an_old_period_cannot_be_rejoined_inside_a_later_one(
    session: Session, people: People, initiative: Initiative
) -> None:
    # Every ended period has a re-join button; the earliest must not open a period that
    # overlaps the later ones, or the actor would count twice in the members over time.
    history = (
        "name;organisation_number;region;type;joined_on;left_on\n"
        "Volvo;556012-5790;Västra Götaland;anchor_company;2023-01-01;2023-06-01\n"
        "Volvo;556012-5790;Västra Götaland;anchor_company;2024-01-01;2024-06-01\n"
    )
    services.import_csv(
        session, user=people.leader, initiative_id=initiative.id, data=history.encode()
    )
    first = session.scalar(select(Actor).where(Actor.joined_on == date(2023, 1, 1)))
    assert first is not None
    with pytest.raises(services.ActorRefused):
        services.rejoin(
            session,
            user=people.leader,
            initiative_id=initiative.id,
            actor_id=first.id,
            joined_on="2023-09-01",
        )
    assert count(session) == 2
    services.rejoin(
        session,
        user=people.leader,
        initiative_id=initiative.id,
        actor_id=first.id,
        joined_on="2024-06-01",
    )
    assert queries.member_counts(session, initiative.id)[-1] == (date(2024, 6, 1), 1)


def test_a_period_that_overlaps_one_recorded_is_refused(
    session: Session, people: People, initiative: Initiative
) -> None:
    # A past period (with a leaving date) of a current member, or two periods of one actor
    # in a file that share days, would count the actor twice in the members over time.
    services.import_csv(session, user=people.leader, initiative_id=initiative.id, data=CSV.encode())
    past_volvo = (
        "name;organisation_number;region;type;joined_on;left_on\n"
        "Volvo;556012-5790;Västra Götaland;anchor_company;2023-01-01;2024-06-01\n"
    )
    with pytest.raises(services.ImportRefused) as caught:
        services.import_csv(
            session, user=people.leader, initiative_id=initiative.id, data=past_volvo.encode()
        )
    assert [(e.line, e.field) for e in caught.value.errors] == [(2, "name")]
    twice = (
        "name;region;type;joined_on;left_on\n"
        "Ny AB;Skåne;sme;2023-01-01;2023-06-01\n"
        "ny ab;Skåne;sme;2023-03-01;2023-09-01\n"
    )
    with pytest.raises(services.ImportRefused) as caught:
        services.import_csv(
            session, user=people.leader, initiative_id=initiative.id, data=twice.encode()
        )
    assert [(e.line, e.field) for e in caught.value.errors] == [(3, "name")]
    with pytest.raises(services.ActorRefused):
        services.add_actor(
            session,
            user=people.leader,
            initiative_id=initiative.id,
            data=services.validated(
                {
                    "name": "Chalmers",
                    "region": "Västra Götaland",
                    "type": "university",
                    "joined_on": "2023-01-01",
                    "left_on": "2024-04-01",
                }
            ),
        )
    assert count(session) == 4
    before = (
        "name;organisation_number;region;type;joined_on;left_on\n"
        "Volvo;556012-5790;Västra Götaland;anchor_company;2023-01-01;2024-02-01\n"
    )
    services.import_csv(
        session, user=people.leader, initiative_id=initiative.id, data=before.encode()
    )
    assert count(session) == 5


def test_a_use_case_after_a_stale_read_waits_for_the_lock_instead_of_failing(
    committed_engine: Engine,
) -> None:
    # A request reads first (the login look-up) and writes later; another writer commits
    # in between. On SQLite (WAL) writing from that stale snapshot fails at once with
    # "database is locked" unless the use-case takes the write lock up front (PostgreSQL
    # has no such upgrade: there the test only checks the outcome).
    sessions = make_sessionmaker(committed_engine, audit_key=AUDIT_KEY)
    tag = secrets.token_hex(4)
    with sessions() as setup:
        leader = make_user(setup, f"leader-{tag}@example.se", Role.SUPPORT)
        made = initiatives.create_initiative(setup, actor=leader, name=f"Race {tag}", region="R")
        ids = (made.id, leader.id)
    try:
        with sessions() as first, sessions() as second:
            user = first.get(User, ids[1])  # the stale read
            assert user is not None
            other = second.get(User, ids[1])
            assert other is not None
            services.import_csv(second, user=other, initiative_id=ids[0], data=CSV.encode())
            services.add_actor(
                first,
                user=user,
                initiative_id=ids[0],
                data=services.validated(
                    {"name": "Ny AB", "region": "R", "type": "sme", "joined_on": "2025-01-01"}
                ),
            )
            assert len(queries.actors(first, ids[0])) == 5
    finally:
        with sessions() as cleanup:
            cleanup.execute(delete(Initiative).where(Initiative.id == ids[0]))
            cleanup.execute(delete(User).where(User.id == ids[1]))
            cleanup.commit()
