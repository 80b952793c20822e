"""The demo history's steps: each one real use-case, by the person who would do it (the
group ticks and asks, the support officer supports, advances and decides)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import clock
from app.access import services as access
from app.domain.evidence import EvidenceKind
from app.domain.items import ItemStatus, ItemUpdate
from app.domain.reviews import ReviewOutcome
from app.domain.workflow import Trigger
from app.evidence import services as evidence_services
from app.evidence.storage import BlobStore
from app.initiatives import items as initiative_items
from app.initiatives import services as initiatives
from app.models.accounts import User
from app.models.reviews import ReviewCondition
from app.phases import CURRENT_VERSION, Evidence, Item, Phase
from app.portfolio import services as portfolio_services
from app.reviews import services as reviews

FUNDER = "finansiar@klusterfas.demo"
SUPPORT = "stod@klusterfas.demo"
INTRANET = "https://intranat.example.se/kluster"

GO = "Grindens resultat är uppnådda och belagda; gruppen går vidare."
HOLD = "Medfinansieringen för nästa fas är inte säkrad; ny prövning när regionens beslut finns."
CONDITIONAL_GO = "Stark förankring; regionens formella stöd återstår."
CLOSED = "Underlaget är inlämnat och godkänt av stödfunktionen."


def evidence_of(item: Item, name: str) -> tuple[str | None, str | None]:
    """The note or link an item's kind of evidence asks for."""
    if item.evidence is Evidence.LINK:
        slug = name.lower().split()[0]
        return "Se dokumentet.", f"{INTRANET}/{slug}/dokument"
    if item.evidence is Evidence.NOTE:
        return "Avstämt med processledningsgruppen.", None
    return None, None


@dataclass
class Kit:
    """The steps of one demo initiative (`entry` of DEMO_INITIATIVES), and what the earlier
    ones made for the later ones: the initiative, and the review asked for last."""

    session: Session
    users: dict[str, User]
    entry: tuple[str, str, str, Phase, float, str, str | None]
    initiative_id: int = 0
    review_id: int = 0

    @property
    def support(self) -> User:
        return self.users[SUPPORT]

    @property
    def leader(self) -> User:
        return self.users[self.entry[5]]

    def create(self, *, funded: bool) -> None:
        name, region, sector = self.entry[:3]
        initiative = initiatives.create_initiative(
            self.session, actor=self.support, name=name, region=region, sector=sector,
            model_version=CURRENT_VERSION,  # moved to the newest at the end, with its diff
        )  # fmt: skip
        self.initiative_id = initiative.id
        access.add_member(
            self.session, actor=self.support, initiative_id=initiative.id, email=self.entry[5]
        )
        if funded:
            access.add_funder(
                self.session, actor=self.support, initiative_id=initiative.id, email=FUNDER
            )

    def leader_tick(self, item: Item) -> None:
        note, link = evidence_of(item, self.entry[0])
        initiative_items.update_item(
            self.session, actor=self.leader, initiative_id=self.initiative_id, key=item.key,
            update=ItemUpdate(ItemStatus.DONE, note, link),
        )  # fmt: skip

    def support_tick(self, item: Item) -> None:
        initiative_items.update_item(
            self.session, actor=self.support, initiative_id=self.initiative_id, key=item.key,
            update=ItemUpdate(ItemStatus.DONE, note="Workshop genomförd.", link=None),
        )  # fmt: skip

    def target(self, item: Item, on: date) -> None:
        portfolio_services.set_target_date(
            self.session, actor=self.support, initiative_id=self.initiative_id, key=item.key,
            target=on,
        )  # fmt: skip

    def evidence(self, item: Item, expires_on: date) -> None:
        """An agreement in force from today (the step's), until `expires_on`."""
        evidence_services.add_evidence(
            self.session,
            actor=self.leader,
            initiative_id=self.initiative_id,
            key=item.key,
            new=evidence_services.NewEvidence(
                EvidenceKind.LINK,
                url=f"{INTRANET}/avtal/samverkansavtal",
                note="Samverkansavtal med medlemsföretagen",
                # When the history is squeezed towards today (later audit entries exist),
                # the step's day may pass the expiry: the agreement still began before it.
                effective_on=min(clock.today(), expires_on - timedelta(days=1)),
                expires_on=expires_on,
            ),
            store=BlobStore(None),
            max_bytes=0,
        )

    def ask(self) -> None:
        review = reviews.request_review(
            self.session, actor=self.leader, initiative_id=self.initiative_id,
            note="Alla resultat för fasen är avklarade.",
        )  # fmt: skip
        self.review_id = review.id

    def _decide(
        self, outcome: ReviewOutcome, rationale: str, conditions: list[tuple[str, date]]
    ) -> None:
        owner = self.leader.name
        reviews.decide(
            self.session, actor=self.support, review_id=self.review_id, outcome=outcome,
            rationale=rationale,
            conditions=[reviews.ConditionInput(text, owner, due) for text, due in conditions],
        )  # fmt: skip

    def go(self) -> None:
        self._decide(ReviewOutcome.GO, GO, [])

    def hold(self) -> None:
        self._decide(ReviewOutcome.HOLD, HOLD, [])

    def conditional_go(self, conditions: list[tuple[str, date]]) -> None:
        self._decide(ReviewOutcome.CONDITIONAL_GO, CONDITIONAL_GO, conditions)

    def close_condition(self, n: int) -> None:
        """The initiative's `n`th condition, closed."""
        ids = self.session.scalars(
            select(ReviewCondition.id)
            .where(ReviewCondition.initiative_id == self.initiative_id)
            .order_by(ReviewCondition.id)
        ).all()
        reviews.close_condition(self.session, actor=self.support, condition_id=ids[n], note=CLOSED)

    def advance(self) -> None:
        initiatives.run_transition(
            self.session, actor=self.support, initiative_id=self.initiative_id,
            trigger=Trigger.ADVANCE,
        )  # fmt: skip

    def close(self) -> None:
        initiatives.run_transition(
            self.session, actor=self.support, initiative_id=self.initiative_id,
            trigger=Trigger.CLOSE, reason=self.entry[6],
        )  # fmt: skip
