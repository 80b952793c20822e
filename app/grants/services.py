"""Use-cases of grants: the list of funding organisations, recording a grant on an
initiative, reading them, and the portfolio's financing."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app import errors
from app.grants import queries, rules
from app.grants.rules import GroupBy
from app.initiatives import queries as initiative_queries
from app.models.accounts import User
from app.models.grants import FundingOrganisation, Grant, GrantPhase, GrantReportingDate
from app.phases import PHASE_ORDER
from app.portfolio import queries as portfolio_queries
from app.portfolio.queries import Scope
from app.portfolio.rules import PortfolioFilters
from app.records import audit_record, initiative_to_record_on, record_audit
from app.uow import unit_of_work


def _exists(name: str) -> errors.Conflict:
    return errors.Conflict(
        f"A funding organisation named {name!r} already exists.",
        code="funding_organisation_exists",
    )


@unit_of_work
def add_funding_organisation(
    session: Session, *, actor: User, raw: Mapping[str, Any]
) -> FundingOrganisation:
    """Admins keep the list (`raw` is {"name"}); a name already there, in any case, is a
    Conflict."""
    if not rules.may_add_funding_organisation(actor.role):
        raise errors.Forbidden(
            "Only admins keep the list of funding organisations.",
            code="may_not_add_funding_organisation",
        )
    clean = rules.organisation_name(raw)
    if queries.organisation_named(session, clean) is not None:
        raise _exists(clean)
    organisation = FundingOrganisation(name=clean, created_by_id=actor.id)
    session.add(organisation)
    try:
        session.flush()
    except IntegrityError as error:  # the same name, added meanwhile
        raise _exists(clean) from error
    target = ("funding_organisation", organisation.id)
    record_audit(
        session, None, action="funding_organisation.add", actor=actor, target=target,
        after={"name": clean},
    )  # fmt: skip
    return organisation


@unit_of_work
def add_grant(
    session: Session, *, actor: User, initiative_id: int, raw: Mapping[str, Any]
) -> Grant:
    """Record a grant on an initiative the actor may see (NotFound otherwise): support
    officers and admins only (Forbidden), a valid grant only (InvalidInput naming the field)."""
    initiative = initiative_to_record_on(
        session, actor, initiative_id,
        allowed=rules.may_add_grant(actor.role),
        refusal=errors.Forbidden(
            "Only support officers and admins record grants.", code="may_not_add_grant"
        ),
    )  # fmt: skip
    data = rules.validate_grant(raw)
    funder = queries.organisation(session, data.funder_id)
    if funder is None:
        raise errors.InvalidInput(
            "funder", "Choose a funding organisation from the list.",
            code="unknown_funding_organisation",
        )  # fmt: skip
    fields = asdict(data)
    del fields["funder_id"]
    phases, due = fields.pop("phases"), fields.pop("reporting_dates")
    grant = Grant(
        initiative_id=initiative.id,
        funding_organisation_id=funder.id,
        created_by_id=actor.id,
        phases=[GrantPhase(phase=p, position=PHASE_ORDER.index(p)) for p in phases],
        reporting_dates=[GrantReportingDate(due_on=d) for d in due],
        **fields,
    )
    after = {"funder": funder.name, **fields, "phases": phases, "reporting_dates": due}
    return audit_record(
        session, grant, actor=actor, action="grant.add", target_type="grant",
        initiative=initiative, after=after,
    )  # fmt: skip


def grants_of(session: Session, *, user: User, initiative_id: int) -> Sequence[Grant]:
    """The grants of an initiative the user may see (its funders and members included)."""
    initiative_queries.visible_initiative(session, user, initiative_id)
    return queries.grants(session, initiative_id)


def portfolio_financing(
    session: Session, *, scope: Scope, chosen: PortfolioFilters, group_by: GroupBy
) -> queries.Financing:
    """The grants of the initiatives the user sees that pass the portfolio's filters."""
    ids = portfolio_queries.matching_ids(session, scope, chosen)
    return queries.financing(session, ids, group_by)
