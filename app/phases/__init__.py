"""The phase model of cluster development, as versioned data.

Each published version lives in its own package and never changes once
initiatives have been assessed against it; a reworded or added item means a
new version. Initiatives store the version they follow.
"""

from app.phases.types import (
    CATEGORY_ORDER,
    PHASE_ORDER,
    Category,
    Checklist,
    Evidence,
    Item,
    Phase,
    PhaseModel,
    PhaseSpec,
    Text,
)
from app.phases.v1 import MODEL as MODEL_V1

MODELS: dict[str, PhaseModel] = {MODEL_V1.version: MODEL_V1}
CURRENT_VERSION = MODEL_V1.version


class UnknownModelVersion(LookupError):
    pass


def get_model(version: str = CURRENT_VERSION) -> PhaseModel:
    try:
        return MODELS[version]
    except KeyError:
        raise UnknownModelVersion(version) from None


__all__ = [
    "CATEGORY_ORDER",
    "CURRENT_VERSION",
    "MODELS",
    "PHASE_ORDER",
    "Category",
    "Checklist",
    "Evidence",
    "Item",
    "Phase",
    "PhaseModel",
    "PhaseSpec",
    "Text",
    "UnknownModelVersion",
    "get_model",
]
