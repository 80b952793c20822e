"""Utgångspunkt / Starting point (slide 2): the conditions an initiative starts from."""

from app.phases.types import Category, Checklist, Evidence, Phase, PhaseSpec, Text
from app.phases.v1._build import item_factory

_item = item_factory(Phase.STARTING_POINT)
_R = Category.RESULTS
_NOTE = Evidence.NOTE

PHASE = PhaseSpec(
    phase=Phase.STARTING_POINT,
    name=Text(sv="Utgångspunkt", en="Starting point"),
    checklists=(
        Checklist(
            category=_R,
            title=Text(sv="Utgångspunkt", en="Starting point"),
            items=(
                _item(
                    _R,
                    "development_potential",
                    "Identifierad utvecklingspotential eller kris",
                    "An identified development potential or crisis",
                    evidence=_NOTE,
                ),
                _item(
                    _R,
                    "critical_mass",
                    "Kritisk massa vad gäller antal företag",
                    "Critical mass in terms of the number of companies",
                    evidence=_NOTE,
                ),
                _item(
                    _R,
                    "committed_individuals",
                    "Engagerade individer som vill förnya och förändra",
                    "Committed individuals who want to renew and change",
                    evidence=_NOTE,
                ),
                _item(
                    _R,
                    "business_network",
                    "Affärsdrivet företagsnätverk",
                    "A business-driven network of companies",
                    evidence=_NOTE,
                ),
                _item(
                    _R,
                    "academic_openness",
                    "Öppenhet och nyfikenhet, men inte nödvändigtvis formaliserad relation, "
                    "till akademin",
                    "Openness and curiosity towards academia, but not necessarily a formalised "
                    "relationship with it",
                    evidence=_NOTE,
                ),
            ),
        ),
    ),
)
