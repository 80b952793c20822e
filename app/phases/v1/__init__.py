"""klusterutveckling/1: the phase model as the seed presentation states it."""

from app.phases.types import PhaseModel, Text
from app.phases.v1 import establishment, initiation, pilot, starting_point, sustainability

MODEL = PhaseModel(
    version="klusterutveckling/1",
    title=Text(sv="Klusterutveckling", en="Cluster development"),
    source="klusterutveckling-phase-model.sv.txt",
    phases=(
        starting_point.PHASE,
        initiation.PHASE,
        pilot.PHASE,
        establishment.PHASE,
        sustainability.PHASE,
    ),
)
