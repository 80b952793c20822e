"""Portfolio touches for the demo: support delivered, target dates, one idle initiative."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import update
from sqlalchemy.orm import Session

from app.domain.items import ItemStatus, ItemUpdate
from app.initiatives import services as initiatives
from app.models.accounts import User
from app.models.initiatives import Initiative, ItemState, Transition
from app.phases import Category, Phase, get_model
from app.portfolio import services as portfolio_services
from app.uow import unit_of_work

IDLE = {"Gotlands besöksnäringsnätverk": 45}  # days without activity: shows as stalled


@unit_of_work
def enrich(session: Session, *, support: User, initiative: Initiative) -> None:
    """Deliver some Processtöd, put target dates on the open results, age idle ones."""
    if initiative.phase is Phase.CLOSED:
        return
    model = get_model(initiative.model_version)
    spec = model.phase(initiative.phase)
    checklist = spec.checklist(Category.SUPPORT) if spec else None
    for item in (checklist.items if checklist else ())[: 2 + initiative.id % 3]:
        initiatives.update_item(
            session, actor=support, initiative_id=initiative.id, key=item.key,
            update=ItemUpdate(ItemStatus.DONE, note="Workshop genomförd.", link=None),
        )  # fmt: skip
    states = {
        s.item_key: s for s in session.query(ItemState).filter_by(initiative_id=initiative.id)
    }
    results = [i for i in model.required_items(initiative.phase) if i.category is Category.RESULTS]
    open_results = [i for i in results if states[i.key].status is ItemStatus.OPEN]
    for n, item in enumerate(open_results[:3]):
        # The first open result is two weeks overdue, the others are ahead.
        target = date.today() + (timedelta(days=-14) if n == 0 else timedelta(days=30 * n))
        portfolio_services.set_target_date(
            session, actor=support, initiative_id=initiative.id, key=item.key, target=target
        )
    if initiative.name in IDLE:
        # Simulated time: push every trace of activity back, as if nobody had touched it.
        then = datetime.now(UTC) - timedelta(days=IDLE[initiative.name])
        for table, column in (
            (Initiative, Initiative.updated_at),
            (ItemState, ItemState.updated_at),
        ):
            key = Initiative.id if table is Initiative else ItemState.initiative_id
            session.execute(
                update(table)
                .where(key == initiative.id, column.is_not(None))
                .values({column: then})
            )
        session.execute(
            update(Transition)
            .where(Transition.initiative_id == initiative.id)
            .values(created_at=then)
        )
        session.execute(
            update(Initiative).where(Initiative.id == initiative.id).values(phase_entered_at=then)
        )
